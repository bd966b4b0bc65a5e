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
