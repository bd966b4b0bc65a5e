# The e-mails' texts in Norwegian nynorsk. Every message here must exist in nb/mail.ftl and en/mail.ftl with the
# same variables (the build checks it).

# The line at the foot of every notification e-mail.
mail-footer-sent-by = Sendt frå Legeting for { $municipality }.
# Why the recipient gets the e-mail, and where to change it.
mail-footer-why = Du får denne e-posten fordi du er med i eit utval eller møte i kommunen. Du kan endre varsla dine på profilsida.
# The number of meetings in the monthly digest.
mail-digest-meetings =
    { $count ->
        [one] { $count } møte den neste månaden
       *[other] { $count } møte den neste månaden
    }

## Dates and times (Europe/Oslo). Numbers that are not counted (day, year, clock) come as text.

mail-month =
    { $month ->
        [1] januar
        [2] februar
        [3] mars
        [4] april
        [5] mai
        [6] juni
        [7] juli
        [8] august
        [9] september
        [10] oktober
        [11] november
       *[12] desember
    }
mail-weekday =
    { $weekday ->
        [1] måndag
        [2] tysdag
        [3] onsdag
        [4] torsdag
        [5] fredag
        [6] laurdag
       *[7] sundag
    }
# «14. januar 2027»
mail-date = { $day }. { $month } { $year }
# «desember 2026»
mail-month-year = { $month } { $year }
# «torsdag 14. januar 2027»
mail-date-with-weekday = { $weekday } { $date }
# «18.00»
mail-clock = { $hour }.{ $minute }
# «torsdag 14. januar 2027 kl. 18.00»
mail-moment = { $day } kl. { $clock }
# For subjects: «14. januar kl. 18.00»
mail-short = { $day }. { $month } kl. { $clock }
# A meeting within one day: «torsdag 14. januar 2027 kl. 18.00–20.00»
mail-span-one-day = { $start }–{ $end }
# A meeting over several days.
mail-span-days = { $start } – { $end }

## What every e-mail has

mail-greeting = Hei { $name }!
# For screen readers: what the container of the HTML version is.
mail-article-label = e-post
mail-why-reminders = Du får påminningar om møte du er invitert til, og om den årlege møteplikta.
mail-why-agenda-calls = Du får melding når du kan melde inn saker til møte du er invitert til.
mail-why-minutes = Du får melding når referat blir godkjende.
mail-why-action-items = Du får melding når oppfølgingspunkt du har ansvar for, forfell.
mail-why-information = Du får informasjon og kunngjeringar frå kommunen.
mail-why-digest = Du får ei månadleg oversikt over møta og oppgåvene dine.
mail-unsubscribe = Meld deg av denne typen e-post
mail-settings = Innstillingar for e-post

## Meeting mail

mail-fact-when = Når
mail-fact-where = Kvar
mail-fact-video = Videomøte
mail-fact-body = Utval
mail-fact-deadline = Frist for saker
mail-fact-organiser = Kontaktperson
mail-fact-was-planned = Var planlagt
mail-agenda-heading = Saksliste
mail-agenda-item = Sak { $number }
mail-agenda-attachment = Vedlegg: { $file }
mail-agenda-decision = Vedtak: { $decision }
mail-agenda-empty = Sakslista er ikkje klar enno.
mail-open-meeting = Opne møtet i Legeting
mail-invited-why = Du får denne e-posten fordi du er invitert til «{ $title }».
mail-invited-replies = Svar på denne e-posten går til { $name }.
mail-answer-in-person = Eg kjem
mail-answer-remote = Eg deltek digitalt
mail-answer-absent = Meld forfall
mail-notice-subject = Innkalling: { $title }, { $when }
mail-notice-intro = { $municipality } kallar deg inn til møte. Svar gjerne med ein av knappane under.
mail-update-subject = Endra: { $title }, { $when }
mail-update-intro = Møtet du er invitert til, er endra. Kalenderen din blir oppdatert med vedlegget.
mail-update-moved = Møtet er flytta. Tidlegare tidspunkt: { $was }.
mail-notice-will-you-attend = Kjem du?
mail-notice-answer-here = Svar med knappane i denne e-posten. Eit svar i kalenderprogrammet ditt kjem ikkje fram til oss.
mail-notice-propose = Du kan føreslå saker til sakslista i Legeting fram til fristen.
mail-cancelled-subject = Avlyst: { $title }, { $when }
mail-cancelled-intro = Møtet er avlyst. Kalenderen din fjernar det med vedlegget.
mail-cancelled-reason = Grunngjeving: { $reason }
mail-uninvited-subject = Ikkje lenger invitert: { $title }, { $when }
mail-uninvited-intro = Du er ikkje lenger invitert til dette møtet. Kalenderen din fjernar det med vedlegget.
mail-reminder-subject = Påminning: svar på innkallinga til { $title }, { $when }
mail-reminder-intro = Du har ikkje svart på innkallinga enno. Svar med eitt klikk:
mail-final-agenda-subject = Saksliste: { $title }, { $when }
mail-final-agenda-intro = Velkomen! Her er den endelege sakslista.
mail-agenda-call-subject = Meld inn saker til { $title } innan { $deadline }
mail-agenda-call-intro = Har du ei sak til møtet? Meld henne inn innan { $deadline }.
mail-agenda-call-propose = Føreslå ei sak
mail-minutes-subject = Referat godkjent: { $title }, { $date }
mail-minutes-intro = Referatet frå møtet { $date } er godkjent.
mail-minutes-heading = Saker og vedtak
mail-minutes-read = Les referatet i Legeting

## Action items

mail-action-subject = Oppfølgingspunkt forfell { $due }: { $title }
mail-action-intro = Eit oppfølgingspunkt du har ansvar for, forfell { $due }.
mail-fact-task = Oppgåve
mail-fact-due = Frist
mail-fact-status = Status
mail-fact-from-meeting = Frå møtet
mail-action-in-progress = Påbyrja
mail-action-open = Open
mail-action-see = Sjå oppfølgingspunktet i Legeting

## The monthly digest

mail-digest-subject = Månadsoversikt for { $month }
mail-digest-heading = Oversikt for { $month }
mail-digest-intro = Her er møta, oppgåvene og informasjonen frå kommunen som gjeld deg no.
mail-digest-place = Stad: { $place }
mail-digest-answered-in-person = Du har svart: kjem
mail-digest-answered-remote = Du har svart: deltek digitalt
mail-digest-answered-absent = Du har meldt forfall
mail-digest-not-answered = Du har ikkje svart enno
mail-digest-due = Frist { $date }
mail-digest-no-due-date = Utan frist
mail-digest-from-meeting = Frå møtet: { $meeting }
mail-digest-obligation = Årleg møte med kommunen i { $year }
mail-obligation-met = Oppfylt
mail-obligation-exempt = Fritatt
mail-obligation-not-met = Ikkje registrert enno
mail-digest-meetings-heading = Dei komande møta dine
mail-digest-meetings-empty = Ingen møte dei neste fem vekene.
mail-digest-actions-heading = Oppfølgingspunkta dine
mail-digest-actions-empty = Ingen opne oppfølgingspunkt.
mail-digest-letters-heading = Informasjon frå kommunen
mail-digest-letters-empty = Ingen nye brev den siste månaden.
mail-digest-see-meetings = Sjå alle møta dine
mail-digest-see-tasks = Sjå oppgåvene dine

## The annual-obligation nudge

mail-nudge-subject = Påminning: årleg møte med kommunen i { $year }
mail-nudge-heading = Årleg møte med { $municipality } i { $year }
mail-nudge-intro = Som fastlege skal du delta på minst eitt møte med kommunen kvart år. Vi har ikkje registrert eit slikt møte for deg i { $year } enno.
mail-nudge-what-to-do = Sjå komande møte og meld deg på i Legeting. Har du fritak, eller deltok du på eit møte som ikkje er registrert, ta kontakt med kommunen.
mail-nudge-see-meetings = Sjå møta dine

## Letters

mail-letter-kind-information = Informasjon frå kommuneoverlegen
mail-letter-kind-announcement = Kunngjering
mail-letter-subject = { $kind }: { $title }
mail-letter-from-information = Informasjon frå kommuneoverlegen i { $place }, { $date }.
mail-letter-from-announcement = Kunngjering frå { $place }, { $date }.
mail-letter-regards =
    Helsing
    { $author }
mail-letter-read = Les brevet i Legeting
mail-letter-all = Alle brev og kunngjeringar

## Sign-in e-mails

mail-sign-in-subject = Innloggingslenkje til Legeting
mail-sign-in-intro = Bruk denne lenkja for å logge inn i Legeting. Ho verkar éin gong og i 30 minutt.
mail-sign-in-button = Logg inn
mail-sign-in-closing = Har du ikkje bede om dette, kan du sjå bort frå e-posten.
mail-reset-subject = Nytt passord i Legeting
mail-reset-intro = Bruk denne lenkja for å velje nytt passord. Ho verkar éin gong og i 60 minutt.
mail-reset-button = Vel nytt passord
mail-reset-closing = Har du ikkje bede om dette, kan du sjå bort frå e-posten. Passordet ditt er ikkje endra.
mail-invitation-subject = Du er invitert til Legeting
mail-invitation-intro = Du er invitert til Legeting, der kommunen og fastlegane samarbeider om utval og møte. Følg lenkja for å kome i gang. Du kan velje passord, eller logge inn med lenkjer på e-post. Lenkja verkar i 14 dagar.
mail-invitation-button = Kom i gang
mail-sign-in-footer = Denne e-posten er send automatisk av Legeting. Lenkja er personleg: ikkje send henne vidare.

## The notice to an old e-mail address

mail-address-changed-subject = E-postadressa di i Legeting er endra
mail-address-changed-intro = Ein administrator i { $municipality } har endra e-postadressa di i Legeting frå { $old } til { $new }. Innloggingslenkjer går heretter til den nye adressa, og du er logga ut overalt.
mail-address-changed-closing = Var dette ikkje avtalt, kontakt kommunen din eller driftsansvarleg for Legeting straks.
mail-address-changed-footer = Denne e-posten er send automatisk av Legeting: { $url }
