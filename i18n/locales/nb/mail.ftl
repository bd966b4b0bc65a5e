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
