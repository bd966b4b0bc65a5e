# The e-mails' texts in Norwegian bokmål. Every message here must exist in nn/mail.ftl and en/mail.ftl with the
# same variables (the build checks it).

# The line at the foot of every notification e-mail.
mail-footer-sent-by = Sendt fra Legeting for { $municipality }.
# Why the recipient gets the e-mail, and where to change it.
mail-footer-why = Du får denne e-posten fordi du er med i et utvalg eller møte i kommunen. Du kan endre varslene dine på profilsiden.
# The number of meetings in the monthly digest.
mail-digest-meetings =
    { $count ->
        [one] { $count } møte den neste måneden
       *[other] { $count } møter den neste måneden
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
        [1] mandag
        [2] tirsdag
        [3] onsdag
        [4] torsdag
        [5] fredag
        [6] lørdag
       *[7] søndag
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
mail-why-reminders = Du får påminnelser om møter du er invitert til og om den årlige møteplikten.
mail-why-agenda-calls = Du får beskjed når du kan melde inn saker til møter du er invitert til.
mail-why-minutes = Du får beskjed når referater blir godkjent.
mail-why-action-items = Du får beskjed når oppfølgingspunkter du har ansvar for, forfaller.
mail-why-information = Du får informasjon og kunngjøringer fra kommunen.
mail-why-digest = Du får en månedlig oversikt over møtene og oppgavene dine.
mail-unsubscribe = Meld deg av denne typen e-post
mail-settings = Innstillinger for e-post

## Meeting mail

mail-fact-when = Når
mail-fact-where = Hvor
mail-fact-video = Videomøte
mail-fact-body = Utvalg
mail-fact-deadline = Frist for saker
mail-fact-organiser = Kontaktperson
mail-fact-was-planned = Var planlagt
mail-agenda-heading = Saksliste
mail-agenda-item = Sak { $number }
mail-agenda-attachment = Vedlegg: { $file }
mail-agenda-decision = Vedtak: { $decision }
mail-agenda-empty = Sakslisten er ikke klar ennå.
mail-open-meeting = Åpne møtet i Legeting
mail-invited-why = Du får denne e-posten fordi du er invitert til «{ $title }».
mail-invited-replies = Svar på denne e-posten går til { $name }.
mail-answer-in-person = Jeg kommer
mail-answer-remote = Jeg deltar digitalt
mail-answer-absent = Meld forfall
mail-notice-subject = Innkalling: { $title }, { $when }
mail-notice-intro = { $municipality } kaller deg inn til møte. Svar gjerne med én av knappene under.
mail-update-subject = Endret: { $title }, { $when }
mail-update-intro = Møtet du er invitert til, er endret. Kalenderen din oppdateres med vedlegget.
mail-update-moved = Møtet er flyttet. Tidligere tidspunkt: { $was }.
mail-notice-will-you-attend = Kommer du?
mail-notice-answer-here = Svar med knappene i denne e-posten. Et svar i kalenderprogrammet ditt kommer ikke fram til oss.
mail-notice-propose = Du kan foreslå saker til sakslisten i Legeting fram til fristen.
mail-cancelled-subject = Avlyst: { $title }, { $when }
mail-cancelled-intro = Møtet er avlyst. Kalenderen din fjerner det med vedlegget.
mail-cancelled-reason = Begrunnelse: { $reason }
mail-uninvited-subject = Ikke lenger invitert: { $title }, { $when }
mail-uninvited-intro = Du er ikke lenger invitert til dette møtet. Kalenderen din fjerner det med vedlegget.
mail-reminder-subject = Påminnelse: svar på innkallingen til { $title }, { $when }
mail-reminder-intro = Du har ikke svart på innkallingen ennå. Svar med ett klikk:
mail-final-agenda-subject = Saksliste: { $title }, { $when }
mail-final-agenda-intro = Velkommen! Her er den endelige sakslisten.
mail-agenda-call-subject = Meld inn saker til { $title } innen { $deadline }
mail-agenda-call-intro = Har du en sak til møtet? Meld den inn innen { $deadline }.
mail-agenda-call-propose = Foreslå en sak
mail-minutes-subject = Referat godkjent: { $title }, { $date }
mail-minutes-intro = Referatet fra møtet { $date } er godkjent.
mail-minutes-heading = Saker og vedtak
mail-minutes-read = Les referatet i Legeting

## Action items

mail-action-subject = Oppfølgingspunkt forfaller { $due }: { $title }
mail-action-intro = Et oppfølgingspunkt du har ansvar for, forfaller { $due }.
mail-fact-task = Oppgave
mail-fact-due = Frist
mail-fact-status = Status
mail-fact-from-meeting = Fra møtet
mail-action-in-progress = Påbegynt
mail-action-open = Åpen
mail-action-see = Se oppfølgingspunktet i Legeting

## The monthly digest

mail-digest-subject = Månedsoversikt for { $month }
mail-digest-heading = Oversikt for { $month }
mail-digest-intro = Her er møtene, oppgavene og informasjonen fra kommunen som gjelder deg nå.
mail-digest-place = Sted: { $place }
mail-digest-answered-in-person = Du har svart: kommer
mail-digest-answered-remote = Du har svart: deltar digitalt
mail-digest-answered-absent = Du har meldt forfall
mail-digest-not-answered = Du har ikke svart ennå
mail-digest-due = Frist { $date }
mail-digest-no-due-date = Uten frist
mail-digest-from-meeting = Fra møtet: { $meeting }
mail-digest-obligation = Årlig møte med kommunen i { $year }
mail-obligation-met = Oppfylt
mail-obligation-exempt = Fritatt
mail-obligation-not-met = Ikke registrert ennå
mail-digest-meetings-heading = Dine kommende møter
mail-digest-meetings-empty = Ingen møter de neste fem ukene.
mail-digest-actions-heading = Dine oppfølgingspunkter
mail-digest-actions-empty = Ingen åpne oppfølgingspunkter.
mail-digest-letters-heading = Informasjon fra kommunen
mail-digest-letters-empty = Ingen nye brev den siste måneden.
mail-digest-see-meetings = Se alle møtene dine
mail-digest-see-tasks = Se oppgavene dine

## The annual-obligation nudge

mail-nudge-subject = Påminnelse: årlig møte med kommunen i { $year }
mail-nudge-heading = Årlig møte med { $municipality } i { $year }
mail-nudge-intro = Som fastlege skal du delta på minst ett møte med kommunen hvert år. Vi har ikke registrert et slikt møte for deg i { $year } ennå.
mail-nudge-what-to-do = Se kommende møter og meld deg på i Legeting. Har du fritak, eller deltok du på et møte som ikke er registrert, ta kontakt med kommunen.
mail-nudge-see-meetings = Se møtene dine

## Letters

mail-letter-kind-information = Informasjon fra kommuneoverlegen
mail-letter-kind-announcement = Kunngjøring
mail-letter-subject = { $kind }: { $title }
mail-letter-from-information = Informasjon fra kommuneoverlegen i { $place }, { $date }.
mail-letter-from-announcement = Kunngjøring fra { $place }, { $date }.
mail-letter-regards =
    Hilsen
    { $author }
mail-letter-read = Les brevet i Legeting
mail-letter-all = Alle brev og kunngjøringer

## Sign-in e-mails

mail-sign-in-subject = Innloggingslenke til Legeting
mail-sign-in-intro = Bruk denne lenken for å logge inn i Legeting. Den virker én gang og i 30 minutter.
mail-sign-in-button = Logg inn
mail-sign-in-closing = Har du ikke bedt om dette, kan du se bort fra e-posten.
mail-reset-subject = Nytt passord i Legeting
mail-reset-intro = Bruk denne lenken for å velge nytt passord. Den virker én gang og i 60 minutter.
mail-reset-button = Velg nytt passord
mail-reset-closing = Har du ikke bedt om dette, kan du se bort fra e-posten. Passordet ditt er ikke endret.
mail-invitation-subject = Du er invitert til Legeting
mail-invitation-intro = Du er invitert til Legeting, der kommunen og fastlegene samarbeider om utvalg og møter. Følg lenken for å komme i gang. Du kan velge passord, eller logge inn med lenker på e-post. Lenken virker i 14 dager.
mail-invitation-button = Kom i gang
mail-sign-in-footer = Denne e-posten er sendt automatisk av Legeting. Lenken er personlig: ikke send den videre.

## The notice to an old e-mail address

mail-address-changed-subject = E-postadressen din i Legeting er endret
mail-address-changed-intro = En administrator i { $municipality } har endret e-postadressen din i Legeting fra { $old } til { $new }. Innloggingslenker går heretter til den nye adressen, og du er logget ut overalt.
mail-address-changed-closing = Var dette ikke avtalt, kontakt kommunen din eller driftsansvarlig for Legeting straks.
mail-address-changed-footer = Denne e-posten er sendt automatisk av Legeting: { $url }
