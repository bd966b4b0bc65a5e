//! Translations: every user-visible string of the app, in Norwegian bokmål and English.
//!
//! The catalogue is one macro invocation: each key lists its `nb` and `en` text. A key that lacks a language
//! does not match the macro and fails the build, and a key used in a view but missing here is a compile error,
//! so a missing translation can never reach a user. The tests below add the checks the compiler cannot make
//! (no empty or untrimmed texts).
//!
//! The language is chosen with the switch in the header, remembered in `localStorage`, and mirrored on
//! `<html lang>` so screen readers pronounce the page right.

use leptos::prelude::*;

/// The languages the UI speaks. Bokmål is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nb,
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    /// Parse a stored or requested tag; unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "nb" | "no" | "nb-NO" => Some(Lang::Nb),
            "en" | "en-GB" | "en-US" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the switch offers it).
    pub fn other(self) -> Lang {
        match self {
            Lang::Nb => Lang::En,
            Lang::En => Lang::Nb,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident { nb: $nb:literal, en: $en:literal $(,)? })*) => {
        /// A translatable text. Add new texts to the catalogue below.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, for tests.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The text of this key in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Nb) => $nb, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    AppName { nb: "Legeting", en: "Legeting" }
    AppTagline { nb: "Møter og medvirkning for kommunen og fastlegene", en: "Meetings and participation for the municipality and its GPs" }
    SkipToContent { nb: "Hopp til hovedinnhold", en: "Skip to main content" }
    MainNavigation { nb: "Hovedmeny", en: "Main menu" }
    NavHome { nb: "Forside", en: "Home" }
    NavStatus { nb: "Driftsstatus", en: "System status" }
    SwitchLanguage { nb: "English", en: "Norsk (bokmål)" }
    SwitchLanguageLabel { nb: "Change language to English", en: "Bytt språk til Norsk (bokmål)" }
    FooterAccessibility { nb: "Tilgjengelighetserklæring", en: "Accessibility statement" }
    FooterAbout { nb: "Legeting er en tjeneste for kommunen og fastlegene.", en: "Legeting is a service for the municipality and its GPs." }
    HomeTitle { nb: "Velkommen til Legeting", en: "Welcome to Legeting" }
    HomeIntro { nb: "Her samarbeider kommunen og fastlegene om utvalg og møter: allmennlegeutvalget, samarbeidsutvalget, storlegemøter, det årlige møtet med kommunen, helsefellesskapet og kurs.", en: "Here the municipality and its GPs work together in committees and meetings: the GP committee, the cooperation committee, all-GP meetings, the annual meeting with the municipality, the health community and courses." }
    HomeForGps { nb: "For fastleger: se kommende møter, svar på innkallinger, meld forfall og gi innspill – også fra mobilen.", en: "For GPs: see upcoming meetings, answer notices, send notice of absence and give input – also from your phone." }
    HomeForLeaders { nb: "For kommunen: se hvem som deltar, følg opp det årlige møtet og godtgjør deltakelse riktig.", en: "For the municipality: see who takes part, follow up the annual meeting and pay for participation correctly." }
    StatusTitle { nb: "Driftsstatus", en: "System status" }
    StatusIntro { nb: "Slik svarer tjeneren akkurat nå.", en: "This is how the server answers right now." }
    StatusLoading { nb: "Henter status …", en: "Fetching status …" }
    StatusServer { nb: "Tjener", en: "Server" }
    StatusDatabase { nb: "Database", en: "Database" }
    StatusVersion { nb: "Versjon", en: "Version" }
    StatusMigrations { nb: "Databaseoppdateringer", en: "Database migrations" }
    StatusOk { nb: "I drift", en: "Running" }
    StatusDegraded { nb: "Redusert: databasen svarer ikke", en: "Degraded: the database does not answer" }
    StatusRefresh { nb: "Sjekk på nytt", en: "Check again" }
    StatusTableCaption { nb: "Status for tjeneren", en: "Server status" }
    StatusWhat { nb: "Hva", en: "What" }
    StatusValue { nb: "Verdi", en: "Value" }
    ErrorUnreachable { nb: "Får ikke kontakt med tjeneren. Sjekk nettforbindelsen og prøv igjen.", en: "Cannot reach the server. Check your connection and try again." }
    ErrorUnexpected { nb: "Noe gikk galt hos oss. Prøv igjen om litt.", en: "Something went wrong on our side. Please try again shortly." }
    NotFoundTitle { nb: "Fant ikke siden", en: "Page not found" }
    NotFoundText { nb: "Siden du leter etter finnes ikke, eller den er flyttet.", en: "The page you are looking for does not exist, or it has moved." }
    NotFoundHome { nb: "Gå til forsiden", en: "Go to the home page" }
    A11yTitle { nb: "Tilgjengelighetserklæring", en: "Accessibility statement" }
    A11yIntro { nb: "Legeting skal kunne brukes av alle, også med skjermleser, bare tastatur, forstørrelse eller på mobil. Løsningen er laget for å oppfylle kravene i WCAG 2.1 nivå AA, slik forskrift om universell utforming av IKT krever for offentlige virksomheter.", en: "Legeting is meant to be usable by everyone, also with a screen reader, keyboard only, magnification or on a phone. It is built to meet WCAG 2.1 level AA, as the Norwegian regulation on universal design of ICT requires of public bodies." }
    A11yHowTitle { nb: "Slik sjekker vi", en: "How we check" }
    A11yHow { nb: "Hver side testes automatisk med axe-core i en nettleser for hver endring, på norsk og engelsk. Vi bruker Digdirs designsystem, som er laget for universell utforming.", en: "Every page is tested automatically with axe-core in a browser for every change, in Norwegian and English. We use Digdir's design system, which is built for universal design." }
    A11yKnownTitle { nb: "Kjente mangler", en: "Known issues" }
    A11yKnown { nb: "Vi kjenner ikke til brudd på kravene nå. Finner du noe som ikke fungerer, vil vi gjerne høre om det.", en: "We know of no breaches of the requirements at present. If you find something that does not work, we want to hear about it." }
    A11yContactTitle { nb: "Gi oss tilbakemelding", en: "Give us feedback" }
    A11yContact { nb: "Kontakt kommunen som driver denne løsningen. Du kan også klage til Tilsynet for universell utforming av ikt (Uutilsynet).", en: "Contact the municipality that runs this service. You can also complain to the Norwegian Authority for Universal Design of ICT (Uutilsynet)." }
    A11yUutilsynetLink { nb: "Uutilsynet: meld fra om nettsider og apper", en: "Uutilsynet: report websites and apps (Norwegian)" }
    Loading { nb: "Henter …", en: "Loading …" }
    Cancel { nb: "Avbryt", en: "Cancel" }
    Change { nb: "Endre", en: "Change" }
    SaveChanges { nb: "Lagre endringer", en: "Save changes" }
    FieldOptional { nb: "(valgfritt)", en: "(optional)" }
    NavPeople { nb: "Personer", en: "People" }
    NavOffices { nb: "Legekontorer", en: "GP offices" }
    NavImport { nb: "Importer fastlegeliste", en: "Import GP list" }
    NavAudit { nb: "Endringslogg", en: "Audit log" }
    MunicipalityChoice { nb: "Kommune", en: "Municipality" }
    ProfileLinkPrefix { nb: "Min profil:", en: "My profile:" }
    SignIn { nb: "Logg inn", en: "Sign in" }
    SignOut { nb: "Logg ut", en: "Sign out" }
    SignedOutNotice { nb: "Du er logget ut.", en: "You are signed out." }
    SignedOutEverywhereNotice { nb: "Du er logget ut på alle enheter.", en: "You are signed out on all devices." }
    SignInRequired { nb: "Du må logge inn for å se denne siden.", en: "You need to sign in to see this page." }
    AccessDenied { nb: "Du har ikke tilgang til denne siden. Spør en administrator i kommunen hvis du trenger det.", en: "You do not have access to this page. Ask an administrator in the municipality if you need it." }
    ErrorSummaryTitle { nb: "Dette må rettes før du kan gå videre:", en: "Please correct the following to continue:" }
    ErrorRequired { nb: "Fyll ut feltet.", en: "Fill in this field." }
    ErrorInvalidCredentials { nb: "Feil e-postadresse eller passord.", en: "Wrong e-mail address or password." }
    ErrorTooManyRequests { nb: "For mange forsøk. Vent et kvarter, eller logg inn med en lenke på e-post.", en: "Too many attempts. Wait a quarter of an hour, or sign in with a link by e-mail." }
    ErrorInvalidEmail { nb: "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.", en: "Enter a valid e-mail address, such as name@example.com." }
    ErrorDuplicateEmail { nb: "Det finnes allerede en person med denne e-postadressen.", en: "A person with this e-mail address already exists." }
    ErrorDuplicateHpr { nb: "Det finnes allerede en person med dette HPR-nummeret.", en: "A person with this HPR number already exists." }
    ErrorDuplicateName { nb: "Navnet er allerede i bruk.", en: "This name is already in use." }
    ErrorDuplicateMunicipalityNumber { nb: "Det finnes allerede en kommune med dette nummeret.", en: "A municipality with this number already exists." }
    ErrorPasswordTooShort { nb: "Passordet må ha minst 10 tegn.", en: "The password needs at least 10 characters." }
    ErrorPasswordTooLong { nb: "Passordet kan ha høyst 200 tegn.", en: "The password can have at most 200 characters." }
    ErrorInvalidLink { nb: "Lenken er ukjent, allerede brukt eller utløpt. Be om en ny.", en: "This link is unknown, already used or expired. Ask for a new one." }
    ErrorRoleRequired { nb: "Velg minst én rolle.", en: "Choose at least one role." }
    ErrorCannotRemoveOwnAdmin { nb: "Du kan ikke fjerne din egen administratorrolle.", en: "You cannot remove your own administrator role." }
    ErrorInvalidPhone { nb: "Skriv et gyldig telefonnummer, for eksempel 912 34 567 eller +47 912 34 567.", en: "Enter a valid phone number, such as +47 912 34 567." }
    ErrorInvalidHpr { nb: "HPR-nummeret må være 4 til 9 sifre.", en: "The HPR number must be 4 to 9 digits." }
    ErrorInvalidNumber { nb: "Skriv et helt tall fra 0 til 100 000.", en: "Enter a whole number from 0 to 100,000." }
    ErrorInvalidName { nb: "Navnet er for langt eller har ugyldige tegn.", en: "The name is too long or has invalid characters." }
    ErrorInvalidLanguage { nb: "Velg norsk eller engelsk.", en: "Choose Norwegian or English." }
    ErrorInvalidMunicipalityNumber { nb: "Kommunenummeret må være fire sifre.", en: "The municipality number must be four digits." }
    ErrorUnknownOffice { nb: "Kontoret finnes ikke i denne kommunen.", en: "This office does not exist in this municipality." }
    ErrorUnauthorized { nb: "Du er ikke logget inn lenger. Logg inn på nytt.", en: "You are no longer signed in. Please sign in again." }
    ErrorForbidden { nb: "Du har ikke tilgang til å gjøre dette.", en: "You do not have access to do this." }
    ErrorNotFound { nb: "Fant ikke det du lette etter. Det kan være slettet, eller du har ikke tilgang.", en: "Could not find what you were looking for. It may have been removed, or you do not have access." }
    ErrorCsrf { nb: "Sikkerhetskontrollen feilet. Last inn siden på nytt og prøv igjen.", en: "The security check failed. Reload the page and try again." }
    ErrorConflict { nb: "Dette finnes allerede, eller det er endret av noen andre.", en: "This already exists, or someone else has changed it." }
    ErrorPayloadTooLarge { nb: "Det du sendte er for stort.", en: "What you sent is too large." }
    FieldEmail { nb: "E-postadresse", en: "E-mail address" }
    FieldPassword { nb: "Passord", en: "Password" }
    FieldNewPassword { nb: "Nytt passord", en: "New password" }
    PasswordRule { nb: "Minst 10 tegn. Gjerne flere ord etter hverandre.", en: "At least 10 characters. Several words in a row work well." }
    FieldName { nb: "Navn", en: "Name" }
    FieldYourName { nb: "Ditt navn", en: "Your name" }
    FieldPhone { nb: "Mobilnummer", en: "Mobile number" }
    FieldLanguage { nb: "Språk", en: "Language" }
    FieldHpr { nb: "HPR-nummer", en: "HPR number" }
    HprHelp { nb: "Nummeret i Helsepersonellregisteret, 4 til 9 sifre.", en: "The number in the Norwegian health personnel register, 4 to 9 digits." }
    FieldOffice { nb: "Legekontor", en: "GP office" }
    NoOffice { nb: "Ikke knyttet til et kontor", en: "Not tied to an office" }
    FieldSpecialist { nb: "Spesialist i allmennmedisin", en: "Specialist in general practice" }
    FieldListSize { nb: "Listelengde", en: "List size" }
    ListSizeHelp { nb: "Antall pasienter på listen.", en: "The number of patients on the list." }
    FieldOpenListPlaces { nb: "Ledige plasser på listen", en: "Open places on the list" }
    FieldEmployment { nb: "Tilknytning", en: "Employment" }
    EmploymentUnknown { nb: "Ikke oppgitt", en: "Not stated" }
    EmploymentSalaried { nb: "Fastlønnet", en: "Salaried" }
    EmploymentSelfEmployed { nb: "Næringsdrivende", en: "Self-employed" }
    FieldActive { nb: "Aktiv", en: "Active" }
    ActiveHelp { nb: "Fjern haken når personen har sluttet. Vedkommende blir logget ut, og historikken blir tatt vare på.", en: "Untick when the person has left. They are signed out, and their history is kept." }
    FieldRoles { nb: "Roller", en: "Roles" }
    RoleAdministrator { nb: "Administrator", en: "Admin" }
    RoleAdministratorHelp { nb: "Forvalter personer, kontorer, roller og innstillinger i kommunen.", en: "Manages people, offices, roles and settings in the municipality." }
    RoleLeader { nb: "Leder", en: "Leader" }
    RoleLeaderHelp { nb: "Kommunalsjef eller virksomhetsleder: ser deltakelse og godtgjøring.", en: "Head of department or service: sees participation and compensation." }
    RoleSecretary { nb: "Sekretær", en: "Secretary" }
    RoleSecretaryHelp { nb: "Kommuneoverlege eller leder av et utvalg: organiserer utvalg og møter.", en: "Chief municipal medical officer or a committee chair: organises committees and meetings." }
    RoleGp { nb: "Fastlege", en: "GP" }
    RoleGpHelp { nb: "Fastlege i kommunen.", en: "A GP in the municipality." }
    RoleGuest { nb: "Gjest", en: "Guest" }
    RoleGuestHelp { nb: "Deltar bare i utvalgene vedkommende er medlem av.", en: "Takes part only in the committees they are a member of." }
    SignInTitle { nb: "Logg inn", en: "Sign in" }
    SignInAlready { nb: "Du er allerede logget inn som", en: "You are already signed in as" }
    SignInWithPassword { nb: "Med passord", en: "With a password" }
    SignInButton { nb: "Logg inn", en: "Sign in" }
    ForgotPasswordLink { nb: "Glemt passord?", en: "Forgot your password?" }
    SignInWithLink { nb: "Uten passord", en: "Without a password" }
    SignInWithLinkIntro { nb: "Vi sender deg en lenke på e-post som logger deg inn. Den virker én gang, i 30 minutter.", en: "We send you a link by e-mail that signs you in. It works once, for 30 minutes." }
    SendMagicLink { nb: "Send meg en innloggingslenke", en: "Send me a sign-in link" }
    MagicLinkSent { nb: "Sjekk e-posten din. Hvis adressen er registrert hos oss, har vi sendt deg en lenke for å logge inn.", en: "Check your e-mail. If the address is registered with us, we have sent you a link to sign in." }
    ForgotPasswordTitle { nb: "Glemt passord?", en: "Forgot your password?" }
    ForgotPasswordIntro { nb: "Skriv e-postadressen din, så sender vi deg en lenke der du kan velge nytt passord. Lenken virker én gang, i 60 minutter.", en: "Enter your e-mail address and we will send you a link where you can choose a new password. The link works once, for 60 minutes." }
    SendResetLink { nb: "Send lenke for nytt passord", en: "Send a link for a new password" }
    ResetLinkSent { nb: "Sjekk e-posten din. Hvis adressen er registrert hos oss, har vi sendt deg en lenke for å velge nytt passord.", en: "Check your e-mail. If the address is registered with us, we have sent you a link to choose a new password." }
    BackToSignIn { nb: "Tilbake til innlogging", en: "Back to sign-in" }
    LinkSignInTitle { nb: "Logg inn med lenke", en: "Sign in with a link" }
    LinkSignInIntro { nb: "Trykk på knappen for å logge inn. Lenken virker bare én gang.", en: "Press the button to sign in. The link works only once." }
    LinkMissingToken { nb: "Lenken er ufullstendig. Bruk hele lenken fra e-posten, eller be om en ny.", en: "The link is incomplete. Use the whole link from the e-mail, or ask for a new one." }
    RequestNewLink { nb: "Be om en ny innloggingslenke", en: "Ask for a new sign-in link" }
    ChoosePasswordTitle { nb: "Velg passord", en: "Choose a password" }
    ChoosePasswordIntro { nb: "Du er logget inn. Velg et passord, så kan du logge inn med det neste gang.", en: "You are signed in. Choose a password to sign in with next time." }
    SkipPassword { nb: "Hopp over – jeg bruker lenker på e-post", en: "Skip – I will use links by e-mail" }
    SavePassword { nb: "Lagre passord", en: "Save password" }
    SetupTitle { nb: "Sett opp Legeting", en: "Set up Legeting" }
    SetupIntro { nb: "Opprett den første kommunen og deg selv som administrator. Etterpå kan du legge til kontorer og personer.", en: "Create the first municipality and yourself as its administrator. Afterwards you can add offices and people." }
    SetupMunicipalityLegend { nb: "Kommunen", en: "The municipality" }
    SetupAdminLegend { nb: "Deg som administrator", en: "You as administrator" }
    FieldMunicipalityName { nb: "Kommunens navn", en: "Name of the municipality" }
    FieldMunicipalityNumber { nb: "Kommunenummer", en: "Municipality number" }
    MunicipalityNumberHelp { nb: "Fire sifre, for eksempel 3201 for Bærum.", en: "Four digits, such as 3201 for Bærum." }
    SetupSubmit { nb: "Opprett og logg inn", en: "Create and sign in" }
    SetupAlreadyDone { nb: "Legeting er allerede satt opp. Logg inn i stedet.", en: "Legeting is already set up. Sign in instead." }
    SetupMissingToken { nb: "Lenken mangler koden fra tjeneren. Bruk hele lenken som tjeneren skrev ut da den startet.", en: "The link lacks the code from the server. Use the whole link the server printed when it started." }
    ProfileTitle { nb: "Min profil", en: "My profile" }
    ProfileSignedInAs { nb: "Du er logget inn med", en: "You are signed in with" }
    ProfileAboutYou { nb: "Om deg", en: "About you" }
    LanguageNb { nb: "Norsk (bokmål)", en: "Norwegian (bokmål)" }
    LanguageEn { nb: "Engelsk", en: "English" }
    SaveProfile { nb: "Lagre profilen", en: "Save profile" }
    ProfileSaved { nb: "Profilen er lagret.", en: "Your profile is saved." }
    PasswordSectionTitle { nb: "Passord", en: "Password" }
    PasswordIsSet { nb: "Du har et passord. Her kan du bytte det.", en: "You have a password. You can change it here." }
    PasswordNotSet { nb: "Du logger inn med lenker på e-post. Velg et passord hvis du heller vil bruke det.", en: "You sign in with links by e-mail. Choose a password if you would rather use one." }
    PasswordSaved { nb: "Passordet er lagret.", en: "Your password is saved." }
    SignOutEverywhereTitle { nb: "Logg ut overalt", en: "Sign out everywhere" }
    SignOutEverywhereIntro { nb: "Logger deg ut på alle nettlesere og enheter, også denne. Bruk dette hvis du har mistet en telefon eller logget inn på en delt maskin.", en: "Signs you out on every browser and device, this one too. Use it if you have lost a phone or signed in on a shared computer." }
    SignOutEverywhere { nb: "Logg ut overalt", en: "Sign out everywhere" }
    PeopleTitle { nb: "Personer", en: "People" }
    AddPerson { nb: "Legg til person", en: "Add person" }
    FilterLabel { nb: "Søk og filtrer", en: "Search and filter" }
    FilterSearch { nb: "Søk", en: "Search" }
    FilterSearchHelp { nb: "Navn, e-postadresse eller HPR-nummer.", en: "Name, e-mail address or HPR number." }
    FilterRole { nb: "Rolle", en: "Role" }
    FilterAllRoles { nb: "Alle roller", en: "All roles" }
    FilterOffice { nb: "Kontor", en: "Office" }
    FilterAllOffices { nb: "Alle kontorer", en: "All offices" }
    FilterIncludeInactive { nb: "Vis også de som har sluttet", en: "Also show those who have left" }
    PeopleCountOne { nb: "1 person funnet", en: "1 person found" }
    PeopleCountMany { nb: "personer funnet", en: "people found" }
    PeopleNone { nb: "Ingen personer passer med søket.", en: "No people match the search." }
    PeopleTableCaption { nb: "Personer i kommunen", en: "People in the municipality" }
    ColumnName { nb: "Navn", en: "Name" }
    ColumnEmail { nb: "E-post", en: "E-mail" }
    ColumnOffice { nb: "Kontor", en: "Office" }
    ColumnRoles { nb: "Roller", en: "Roles" }
    ColumnStatus { nb: "Status", en: "State" }
    StatusActive { nb: "Aktiv", en: "Active" }
    StatusInactive { nb: "Sluttet", en: "Left" }
    NewPersonTitle { nb: "Legg til person", en: "Add a person" }
    EditPersonTitle { nb: "Endre person", en: "Edit person" }
    PersonHasPassword { nb: "Logger inn med passord.", en: "Signs in with a password." }
    PersonUsesLinks { nb: "Har ikke valgt passord, og logger inn med lenker på e-post.", en: "Has not chosen a password, and signs in with links by e-mail." }
    SavePerson { nb: "Lagre", en: "Save" }
    PersonCreated { nb: "Personen er lagt til.", en: "The person has been added." }
    PersonSaved { nb: "Endringene er lagret.", en: "The changes are saved." }
    BackToPeople { nb: "Tilbake til personer", en: "Back to people" }
    InvitationTitle { nb: "Invitasjon", en: "Invitation" }
    InvitationIntro { nb: "Send en e-post med en lenke som logger personen inn. Der kan vedkommende velge passord eller fortsette med lenker på e-post. Lenken virker i 14 dager.", en: "Send an e-mail with a link that signs the person in. There they can choose a password or keep using links by e-mail. The link works for 14 days." }
    InvitationInactive { nb: "Personen har sluttet og kan ikke inviteres.", en: "The person has left and cannot be invited." }
    SendInvitation { nb: "Send invitasjon", en: "Send invitation" }
    InvitationSent { nb: "Invitasjonen er sendt til", en: "The invitation has been sent to" }
    OfficesTitle { nb: "Legekontorer", en: "GP offices" }
    OfficesNone { nb: "Ingen legekontorer er registrert ennå.", en: "No GP offices are registered yet." }
    OfficesTableCaption { nb: "Legekontorer i kommunen", en: "GP offices in the municipality" }
    ColumnAddress { nb: "Adresse", en: "Address" }
    ColumnGpCount { nb: "Fastleger", en: "GPs" }
    ColumnChange { nb: "Endre", en: "Change" }
    AddOffice { nb: "Legg til kontor", en: "Add office" }
    EditOffice { nb: "Endre kontor", en: "Change office" }
    FieldOfficeName { nb: "Kontorets navn", en: "Name of the office" }
    FieldAddress { nb: "Adresse", en: "Address" }
    OfficeCreated { nb: "Kontoret er lagt til.", en: "The office has been added." }
    OfficeSaved { nb: "Kontoret er lagret.", en: "The office is saved." }
    AuditTitle { nb: "Endringslogg", en: "Audit log" }
    AuditIntro { nb: "Hvem som endret hva, og når. De siste 500 endringene vises, nyeste først.", en: "Who changed what, and when. The latest 500 changes are shown, newest first." }
    AuditNone { nb: "Ingen endringer er logget ennå.", en: "No changes have been logged yet." }
    AuditTableCaption { nb: "Endringer i kommunen", en: "Changes in the municipality" }
    AuditSystem { nb: "Systemet", en: "The system" }
    ColumnTime { nb: "Tidspunkt", en: "Time" }
    ColumnActor { nb: "Utført av", en: "Done by" }
    ColumnAction { nb: "Hendelse", en: "Event" }
    ColumnDetails { nb: "Detaljer", en: "Details" }
    AuditInstallationSetup { nb: "Legeting satt opp", en: "Legeting set up" }
    AuditMunicipalityCreated { nb: "Kommune opprettet", en: "Municipality created" }
    AuditMunicipalityUpdated { nb: "Kommune endret", en: "Municipality changed" }
    AuditOfficeCreated { nb: "Kontor lagt til", en: "Office added" }
    AuditOfficeUpdated { nb: "Kontor endret", en: "Office changed" }
    AuditPersonCreated { nb: "Person lagt til", en: "Person added" }
    AuditPersonUpdated { nb: "Person endret", en: "Person changed" }
    AuditPersonInvited { nb: "Invitasjon sendt", en: "Invitation sent" }
    AuditProfileUpdated { nb: "Profil endret", en: "Profile changed" }
    AuditPasswordSet { nb: "Passord valgt", en: "Password chosen" }
    RosterTitle { nb: "Importer fastlegeliste", en: "Import GP list" }
    RosterIntro { nb: "Last opp fastlegelisten som CSV- eller Excel-fil (.xlsx). Du ser først hva som vil skje med hver rad, og ingenting lagres før du velger å importere. Fastleger kjennes igjen på HPR-nummer, ellers e-post, så du kan importere en oppdatert liste flere ganger.", en: "Upload the GP list as a CSV or Excel file (.xlsx). You first see what will happen to each row, and nothing is saved until you choose to import. GPs are matched by HPR number, else e-mail, so you can import an updated list again." }
    RosterColumnsHint { nb: "Kolonner som kjennes igjen: Navn (eller Fornavn og Etternavn), E-post, Telefon, HPR-nummer, Legekontor, Adresse, Spesialist (ja/nei), Listelengde, Ledige plasser, Tilknytning (fastlønn/næringsdrivende). Navn og e-post må være med.", en: "Recognised columns: Name (or First name and Last name), E-mail, Phone, HPR number, Office, Address, Specialist (yes/no), List size, Open places, Employment (salaried/self-employed). Name and e-mail are required." }
    RosterFileLabel { nb: "Fil med fastlegeliste", en: "File with the GP list" }
    RosterChooseFile { nb: "Velg en fil først.", en: "Choose a file first." }
    RosterPreviewButton { nb: "Forhåndsvis", en: "Preview" }
    RosterImportButton { nb: "Importer", en: "Import" }
    RosterSkipInvalid { nb: "Importer de gyldige radene og hopp over radene med feil", en: "Import the valid rows and skip the rows with errors" }
    RosterPreviewHeading { nb: "Forhåndsvisning", en: "Preview" }
    RosterResultHeading { nb: "Importert", en: "Imported" }
    RosterCreated { nb: "Nye", en: "New" }
    RosterUpdated { nb: "Endres", en: "Changed" }
    RosterUnchanged { nb: "Uendret", en: "Unchanged" }
    RosterRejected { nb: "Med feil", en: "With errors" }
    RosterNewOffices { nb: "Nye legekontor som opprettes:", en: "New GP offices to be created:" }
    RosterTableCaption { nb: "Radene i filen og hva som skjer med dem", en: "The rows of the file and what happens to them" }
    RosterColumnLine { nb: "Linje", en: "Line" }
    RosterColumnAction { nb: "Handling", en: "Action" }
    RosterColumnDetails { nb: "Detaljer", en: "Details" }
    RosterActionCreate { nb: "Ny", en: "New" }
    RosterActionUpdate { nb: "Endres", en: "Changes" }
    RosterActionUnchanged { nb: "Uendret", en: "Unchanged" }
    RosterActionReject { nb: "Avvist", en: "Rejected" }
    RosterChanges { nb: "Endrer:", en: "Changes:" }
    RosterDone { nb: "Fastlegelisten er importert.", en: "The GP list has been imported." }
    RosterSeePeople { nb: "Se personene", en: "See the people" }
    RosterErrorMissingColumns { nb: "Filen mangler kolonner som må være med (navn og e-post).", en: "The file lacks required columns (name and e-mail)." }
    RosterErrorUnsupportedFormat { nb: "Filen må være en CSV-fil (.csv) eller en Excel-fil (.xlsx).", en: "The file must be a CSV file (.csv) or an Excel file (.xlsx)." }
    RosterErrorUnreadable { nb: "Filen kunne ikke leses. Sjekk at den er lagret som CSV eller .xlsx.", en: "The file could not be read. Check that it is saved as CSV or .xlsx." }
    RosterErrorEmpty { nb: "Filen har ingen rader å importere.", en: "The file has no rows to import." }
    RosterErrorTooManyRows { nb: "Filen har for mange rader (høyst 5000).", en: "The file has too many rows (at most 5,000)." }
    RosterErrorRowsRejected { nb: "Noen rader har feil. Rett dem i filen, eller velg å hoppe over dem.", en: "Some rows have errors. Fix them in the file, or choose to skip them." }
    RosterErrorDuplicateInFile { nb: "Samme e-post eller HPR-nummer står på en tidligere linje.", en: "The same e-mail or HPR number is on an earlier line." }
    RosterErrorEmailTaken { nb: "E-postadressen tilhører en annen person.", en: "The e-mail address belongs to another person." }
    RosterErrorHprTaken { nb: "HPR-nummeret tilhører en annen person.", en: "The HPR number belongs to another person." }
    RosterErrorInvalidBoolean { nb: "Skriv ja eller nei.", en: "Write yes or no." }
    RosterErrorInvalidEmployment { nb: "Tilknytning må være fastlønn eller næringsdrivende.", en: "Employment must be salaried or self-employed." }
    RosterErrorInvalidText { nb: "Teksten er for lang.", en: "The text is too long." }
}

/// The language state of the app, provided as context at the root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

const STORAGE_KEY: &str = "legeting.lang";

impl I18n {
    /// The current language (reactive).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The text of `key` in the current language (reactive).
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }

    /// Switch language, remember the choice and update `<html lang>`.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ignored = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

/// Provide the language context, starting from the stored choice (or bokmål).
pub fn provide_i18n() {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag));
    let lang = RwSignal::new(stored.unwrap_or_default());
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ignored = root.set_attribute("lang", lang.get().tag());
        }
    });
    provide_context(I18n { lang });
}

/// The language context. Panics only if called outside the app root, which is a programming error.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for views: `{tr(Key::NavHome)}`.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// Keep `document.title` as "<page> – Legeting" in the current language.
pub fn use_page_title(key: Key) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} – {}", i18n.t(key), i18n.t(Key::AppName));
        document().set_title(&title);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_trimmed_non_empty_text_in_both_languages() {
        for key in Key::ALL {
            for lang in [Lang::Nb, Lang::En] {
                let text = key.text(lang);
                assert!(!text.is_empty(), "{key:?} is empty in {lang:?}");
                assert_eq!(text, text.trim(), "{key:?} has surrounding white space in {lang:?}");
            }
        }
    }

    #[test]
    fn norwegian_and_english_differ_except_for_names() {
        let same: Vec<_> = Key::ALL.iter().filter(|key| key.text(Lang::Nb) == key.text(Lang::En)).collect();
        assert_eq!(same, vec![&Key::AppName, &Key::StatusDatabase], "texts that look untranslated");
    }

    #[test]
    fn language_tags_round_trip() {
        for lang in [Lang::Nb, Lang::En] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_tag("sv"), None);
    }
}
