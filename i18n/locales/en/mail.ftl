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
