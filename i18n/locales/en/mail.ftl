# The e-mails' texts in English. Every message here must exist in nb/mail.ftl and nn/mail.ftl with the same
# variables (the build checks it).

# The line at the foot of every notification e-mail.
mail-footer-sent-by = Sent from Legeting for { $municipality }.
# Why the recipient gets the e-mail, and where to change it.
mail-footer-why = You get this e-mail because you take part in a committee or meeting of the municipality. You can change your notifications on your profile page.
# The number of meetings in the monthly digest.
mail-digest-meetings =
    { $count ->
        [one] { $count } meeting in the coming month
       *[other] { $count } meetings in the coming month
    }

## Dates and times (Europe/Oslo). Numbers that are not counted (day, year, clock) come as text.

mail-month =
    { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    }
mail-weekday =
    { $weekday ->
        [1] Monday
        [2] Tuesday
        [3] Wednesday
        [4] Thursday
        [5] Friday
        [6] Saturday
       *[7] Sunday
    }
# "14 January 2027"
mail-date = { $day } { $month } { $year }
# "December 2026"
mail-month-year = { $month } { $year }
# "Thursday 14 January 2027"
mail-date-with-weekday = { $weekday } { $date }
# "18:00"
mail-clock = { $hour }:{ $minute }
# "Thursday 14 January 2027, 18:00"
mail-moment = { $day }, { $clock }
# For subjects: "14 January, 18:00"
mail-short = { $day } { $month }, { $clock }
# A meeting within one day: "Thursday 14 January 2027, 18:00–20:00"
mail-span-one-day = { $start }–{ $end }
# A meeting over several days.
mail-span-days = { $start } – { $end }

## What every e-mail has

mail-greeting = Hello { $name },
# For screen readers: what the container of the HTML version is.
mail-article-label = email
mail-why-reminders = You get reminders of meetings you are invited to and of the annual meeting obligation.
mail-why-agenda-calls = You are told when you can propose agenda items for meetings you are invited to.
mail-why-minutes = You are told when minutes are approved.
mail-why-action-items = You are told when action items you own fall due.
mail-why-information = You get information and announcements from the municipality.
mail-why-digest = You get a monthly digest of your meetings and tasks.
mail-unsubscribe = Unsubscribe from this kind of e-mail
mail-settings = E-mail settings

## Meeting mail

mail-fact-when = When
mail-fact-where = Where
mail-fact-video = Video link
mail-fact-body = Body
mail-fact-deadline = Deadline for agenda items
mail-fact-organiser = Organiser
mail-fact-was-planned = Was planned for
mail-agenda-heading = Agenda
mail-agenda-item = Item { $number }
mail-agenda-attachment = Attachment: { $file }
mail-agenda-decision = Decision: { $decision }
mail-agenda-empty = The agenda is not ready yet.
mail-open-meeting = Open the meeting in Legeting
mail-invited-why = You get this e-mail because you are invited to “{ $title }”.
mail-invited-replies = Replies to this e-mail go to { $name }.
mail-answer-in-person = I will attend
mail-answer-remote = I will join remotely
mail-answer-absent = I cannot attend
mail-notice-subject = Notice of meeting: { $title }, { $when }
mail-notice-intro = { $municipality } invites you to a meeting. Please answer with one of the buttons below.
mail-update-subject = Changed: { $title }, { $when }
mail-update-intro = A meeting you are invited to has changed. The attachment updates your calendar.
mail-update-moved = The meeting has moved. It was { $was }.
mail-notice-will-you-attend = Will you attend?
mail-notice-answer-here = Answer with the buttons in this e-mail. An answer from your calendar program does not reach us.
mail-notice-propose = You can propose agenda items in Legeting until the deadline.
mail-cancelled-subject = Cancelled: { $title }, { $when }
mail-cancelled-intro = The meeting has been cancelled. The attachment removes it from your calendar.
mail-cancelled-reason = Reason: { $reason }
mail-uninvited-subject = No longer invited: { $title }, { $when }
mail-uninvited-intro = You are no longer invited to this meeting. The attachment removes it from your calendar.
mail-reminder-subject = Reminder: please answer the notice of { $title }, { $when }
mail-reminder-intro = You have not answered the notice yet. Answer with one click:
mail-final-agenda-subject = Agenda: { $title }, { $when }
mail-final-agenda-intro = Welcome! Here is the final agenda.
mail-agenda-call-subject = Propose agenda items for { $title } by { $deadline }
mail-agenda-call-intro = Do you have an item for the meeting? Propose it by { $deadline }.
mail-agenda-call-propose = Propose an item
mail-minutes-subject = Minutes approved: { $title }, { $date }
mail-minutes-intro = The minutes of the meeting on { $date } have been approved.
mail-minutes-heading = Items and decisions
mail-minutes-read = Read the minutes in Legeting

## Action items

mail-action-subject = Action item due { $due }: { $title }
mail-action-intro = An action item you own is due on { $due }.
mail-fact-task = Task
mail-fact-due = Due
mail-fact-status = Status
mail-fact-from-meeting = From the meeting
mail-action-in-progress = In progress
mail-action-open = Open
mail-action-see = See the action item in Legeting

## The monthly digest

mail-digest-subject = Your month: { $month }
mail-digest-heading = Overview for { $month }
mail-digest-intro = Here are the meetings, tasks and information from the municipality that concern you now.
mail-digest-place = Place: { $place }
mail-digest-answered-in-person = You answered: attending
mail-digest-answered-remote = You answered: attending remotely
mail-digest-answered-absent = You sent notice of absence
mail-digest-not-answered = You have not answered yet
mail-digest-due = Due { $date }
mail-digest-no-due-date = No due date
mail-digest-from-meeting = From the meeting: { $meeting }
mail-digest-obligation = Annual meeting with the municipality in { $year }
mail-obligation-met = Met
mail-obligation-exempt = Exempt
mail-obligation-not-met = Not recorded yet
mail-digest-meetings-heading = Your upcoming meetings
mail-digest-meetings-empty = No meetings in the next five weeks.
mail-digest-actions-heading = Your action items
mail-digest-actions-empty = No open action items.
mail-digest-letters-heading = Information from the municipality
mail-digest-letters-empty = No new letters in the last month.
mail-digest-see-meetings = See all your meetings
mail-digest-see-tasks = See your tasks

## The annual-obligation nudge

mail-nudge-subject = Reminder: your annual meeting with the municipality in { $year }
mail-nudge-heading = Annual meeting with { $municipality } in { $year }
mail-nudge-intro = As a GP you take part in at least one meeting with the municipality every year. We have not recorded such a meeting for you in { $year } yet.
mail-nudge-what-to-do = See upcoming meetings and sign up in Legeting. If you are exempt, or attended a meeting that is not recorded, contact the municipality.
mail-nudge-see-meetings = See your meetings

## Letters

mail-letter-kind-information = Information from the municipal chief medical officer
mail-letter-kind-announcement = Announcement
mail-letter-subject = { $kind }: { $title }
mail-letter-from-information = Information from the municipal chief medical officer of { $place }, { $date }.
mail-letter-from-announcement = Announcement from { $place }, { $date }.
mail-letter-regards =
    Kind regards,
    { $author }
mail-letter-read = Read the letter in Legeting
mail-letter-all = All letters and announcements

## Sign-in e-mails

mail-sign-in-subject = Your sign-in link for Legeting
mail-sign-in-intro = Use this link to sign in to Legeting. It works once, for 30 minutes.
mail-sign-in-button = Sign in
mail-sign-in-closing = If you did not ask for it, you can ignore this e-mail.
mail-reset-subject = Choose a new password for Legeting
mail-reset-intro = Use this link to choose a new password. It works once, for 60 minutes.
mail-reset-button = Choose a new password
mail-reset-closing = If you did not ask for it, you can ignore this e-mail; your password has not changed.
mail-invitation-subject = You are invited to Legeting
mail-invitation-intro = You are invited to Legeting, where the municipality and its GPs work together in committees and meetings. Follow the link to get started. You can choose a password, or sign in with links by e-mail. The link works for 14 days.
mail-invitation-button = Get started
mail-sign-in-footer = This e-mail was sent automatically by Legeting. The link is personal: do not forward it.

## The notice to an old e-mail address

mail-address-changed-subject = Your e-mail address in Legeting was changed
mail-address-changed-intro = An administrator in { $municipality } changed your e-mail address in Legeting from { $old } to { $new }. Sign-in links now go to the new address, and you have been signed out everywhere.
mail-address-changed-closing = If you did not expect this, contact your municipality or the operator of Legeting at once.
mail-address-changed-footer = This e-mail was sent automatically by Legeting: { $url }
