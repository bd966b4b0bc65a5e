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
    ErrorTooManyLinkRequests { nb: "Det er bedt om for mange e-poster. Vent en time, og se etter i søppelpostmappen i mellomtiden.", en: "Too many e-mails have been asked for. Wait an hour, and look in your spam folder meanwhile." }
    ErrorTooManyCheckInAttempts { nb: "For mange feil koder. Vent et kvarter, eller be møtelederen registrere deg.", en: "Too many wrong codes. Wait a quarter of an hour, or ask the organiser to record you." }
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
    ErrorUnavailable { nb: "Tjenesten er utilgjengelig akkurat nå. Prøv igjen om litt.", en: "The service is unavailable right now. Please try again in a moment." }
    ErrorStorageFull { nb: "Serverens disk er full, så filen ble ikke lagret. Si fra til driftsansvarlig.", en: "The server's disk is full, so the file was not saved. Tell the operator." }
    FieldEmail { nb: "E-postadresse", en: "E-mail address" }
    FieldPassword { nb: "Passord", en: "Password" }
    FieldNewPassword { nb: "Nytt passord", en: "New password" }
    FieldCurrentPassword { nb: "Nåværende passord", en: "Current password" }
    CurrentPasswordHelp { nb: "Har du glemt det, kan du be om en lenke for nytt passord fra innloggingssiden.", en: "If you have forgotten it, ask for a new-password link on the sign-in page." }
    ErrorCurrentPasswordRequired { nb: "Skriv inn det nåværende passordet ditt.", en: "Enter your current password." }
    ErrorWrongCurrentPassword { nb: "Det nåværende passordet er feil.", en: "The current password is wrong." }
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
    PasswordSaved { nb: "Passordet er lagret. Er du logget inn andre steder, er du logget ut der.", en: "Your password is saved. Wherever else you were signed in, you are now signed out." }
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
    AuditPersonCreatedByCli { nb: "Person opprettet fra kommandolinjen", en: "Person created from the command line" }
    AuditPersonUpdatedByCli { nb: "Person endret fra kommandolinjen", en: "Person changed from the command line" }
    AuditMunicipalityCreatedByCli { nb: "Kommune opprettet fra kommandolinjen", en: "Municipality created from the command line" }
    AuditMailPreferencesChanged { nb: "E-postinnstillinger endret", en: "E-mail settings changed" }
    AuditDemoSeeded { nb: "Demodata lagt inn", en: "Demo data added" }
    AuditRosterImported { nb: "Fastlegeliste importert", en: "GP roster imported" }
    AuditBodyCreated { nb: "Utvalg opprettet", en: "Body created" }
    AuditBodyUpdated { nb: "Utvalg endret", en: "Body changed" }
    AuditBodyMembersSet { nb: "Medlemmer i utvalg endret", en: "Body members changed" }
    AuditObligationRulesSet { nb: "Regler for møteplikt endret", en: "Meeting obligation rules changed" }
    AuditObligationExempted { nb: "Fritak fra møteplikt gitt", en: "Exempted from the meeting obligation" }
    AuditObligationExemptionRemoved { nb: "Fritak fra møteplikt fjernet", en: "Exemption from the meeting obligation removed" }
    AuditRateAdded { nb: "Timesats lagt til", en: "Hourly rate added" }
    AuditRateDeleted { nb: "Timesats slettet", en: "Hourly rate deleted" }
    AuditLetterCreated { nb: "Brevutkast skrevet", en: "Letter drafted" }
    AuditLetterUpdated { nb: "Brev endret", en: "Letter changed" }
    AuditLetterDeleted { nb: "Brevutkast slettet", en: "Letter draft deleted" }
    AuditLetterPublished { nb: "Brev publisert", en: "Letter published" }
    AuditFieldKind { nb: "Type", en: "Kind" }
    AuditFieldEmailedTo { nb: "Sendt på e-post til", en: "E-mailed to" }
    AuditFieldPublished { nb: "Publisert", en: "Published" }
    AuditFieldYear { nb: "År", en: "Year" }
    AuditFieldReason { nb: "Begrunnelse", en: "Reason" }
    MenuButton { nb: "Meny", en: "Menu" }
    NavMeetings { nb: "Møter", en: "Meetings" }
    NavBodies { nb: "Utvalg", en: "Committees" }
    NavActionItems { nb: "Mine oppgaver", en: "My action items" }
    NavCheckIn { nb: "Sjekk inn", en: "Check in" }
    NavObligation { nb: "Møteplikt", en: "Meeting obligation" }
    NavParticipation { nb: "Deltakelse", en: "Participation" }
    NavCompensation { nb: "Godtgjøring", en: "Compensation" }
    NavSearch { nb: "Søk", en: "Search" }
    NavRates { nb: "Satser", en: "Rates" }
    NavAdministration { nb: "Administrasjon", en: "Administration" }
    Yes { nb: "Ja", en: "Yes" }
    No { nb: "Nei", en: "No" }
    Delete { nb: "Slett", en: "Delete" }
    Copy { nb: "Kopier", en: "Copy" }
    Upload { nb: "Last opp", en: "Upload" }
    Print { nb: "Skriv ut", en: "Print" }
    Total { nb: "Sum", en: "Total" }
    OnThisPage { nb: "På denne siden", en: "On this page" }
    Monday { nb: "mandag", en: "Monday" }
    Tuesday { nb: "tirsdag", en: "Tuesday" }
    Wednesday { nb: "onsdag", en: "Wednesday" }
    Thursday { nb: "torsdag", en: "Thursday" }
    Friday { nb: "fredag", en: "Friday" }
    Saturday { nb: "lørdag", en: "Saturday" }
    Sunday { nb: "søndag", en: "Sunday" }
    ErrorTooLong { nb: "Teksten er for lang.", en: "The text is too long." }
    ErrorMeetingTooLong { nb: "Et møte kan vare i høyst tre dager.", en: "A meeting can last at most three days." }
    ErrorEndsBeforeStart { nb: "Møtet må slutte etter at det begynner.", en: "The meeting must end after it starts." }
    ErrorInvalidUrl { nb: "Videolenken må begynne med https://.", en: "The video link must start with https://." }
    ErrorDeadlineAfterStart { nb: "Fristen for saksforslag må være før møtet begynner.", en: "The deadline for proposals must be before the meeting starts." }
    ErrorBodyRequired { nb: "Velg et utvalg for å invitere medlemmene.", en: "Choose a committee to invite its members." }
    ErrorUnknownPerson { nb: "Personen finnes ikke eller har sluttet.", en: "The person does not exist or has left." }
    ErrorInvalidCount { nb: "En serie har fra 2 til 52 møter.", en: "A series has 2 to 52 meetings." }
    ErrorInvalidRecurrence { nb: "Velg hvor ofte møtet skal gjentas.", en: "Choose how often the meeting repeats." }
    ErrorBodyFixed { nb: "Et møte kan ikke flyttes til et annet utvalg.", en: "A meeting cannot move to another committee." }
    ErrorReasonRequired { nb: "Skriv en begrunnelse.", en: "Give a reason." }
    ErrorUnknownBody { nb: "Utvalget finnes ikke i denne kommunen.", en: "The committee does not exist in this municipality." }
    ErrorDuplicateMember { nb: "Personen er allerede medlem.", en: "The person is already a member." }
    ErrorTermOrder { nb: "Perioden kan ikke slutte før den begynner.", en: "The term cannot end before it starts." }
    ErrorOrderMismatch { nb: "Sakslisten er endret av noen andre. Last inn siden på nytt.", en: "Someone else has changed the agenda. Reload the page." }
    ErrorUnsupportedFileType { nb: "Legg ved PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG eller tekstfiler.", en: "Attach PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG or text files." }
    ErrorContentMismatch { nb: "Innholdet i filen passer ikke med filtypen.", en: "The file's content does not match its type." }
    ErrorUnknownItem { nb: "Saken finnes ikke på denne sakslisten.", en: "The item is not on this agenda." }
    ErrorSearchTooShort { nb: "Søk etter minst to tegn.", en: "Search for at least two characters." }
    ErrorInvalidCode { nb: "Koden gjelder ikke for et møte som pågår nå. Sjekk sifrene, eller spør møtelederen.", en: "The code is not valid for a meeting going on now. Check the digits, or ask the organiser." }
    ErrorCodeDigits { nb: "Koden har åtte sifre.", en: "The code has eight digits." }
    ErrorCorrectionReasonRequired { nb: "Skriv hvorfor du endrer oppmøte som allerede er registrert.", en: "Say why you change attendance that was already recorded." }
    ErrorNotInvited { nb: "Bare inviterte kan registreres.", en: "Only invitees can be recorded." }
    ErrorNotAGp { nb: "Bare fastleger i kommunen kan fritas.", en: "Only GPs of the municipality can be exempted." }
    ErrorInvalidYear { nb: "Velg et år mellom 2000 og 2100.", en: "Choose a year between 2000 and 2100." }
    ErrorInvalidRate { nb: "Skriv en timesats i kroner, for eksempel 1 230,00.", en: "Enter an hourly rate in kroner, such as 1,230.00." }
    ErrorInvalidKroner { nb: "Skriv et beløp i kroner, for eksempel 1 230,50.", en: "Enter an amount in kroner, such as 1230.50." }
    ErrorInvalidDatetime { nb: "Skriv dato og klokkeslett.", en: "Enter a date and a time." }
    ErrorNonexistentTime { nb: "Klokkeslettet finnes ikke den dagen (klokka stilles fram).", en: "This time does not exist that day (the clocks go forward)." }
    ErrorInvalidDate { nb: "Skriv en gyldig dato.", en: "Enter a valid date." }
    ErrorPeriodOrder { nb: "Perioden kan ikke slutte før den begynner.", en: "The period cannot end before it starts." }
    ErrorInvalidMinutes { nb: "Skriv et helt antall minutter fra 0 til 1440.", en: "Enter a whole number of minutes from 0 to 1,440." }
    ErrorChooseOffice { nb: "Velg et legekontor.", en: "Choose a GP office." }
    ErrorChoosePeople { nb: "Velg minst én person.", en: "Choose at least one person." }
    KindCommitteeMeeting { nb: "Utvalgsmøte", en: "Committee meeting" }
    KindAllGpMeeting { nb: "Storlegemøte", en: "All-GP meeting" }
    KindAnnualGroup { nb: "Årlig møte (gruppe)", en: "Annual meeting (group)" }
    KindAnnualIndividual { nb: "Årlig møte (dialogmøte)", en: "Annual meeting (individual dialogue)" }
    KindHealthCommunity { nb: "Helsefellesskap", en: "Health community" }
    KindCourse { nb: "Kurs", en: "Course" }
    StatusDraft { nb: "Utkast", en: "Draft" }
    StatusNoticeSent { nb: "Innkalt", en: "Notice sent" }
    StatusHeld { nb: "Avholdt", en: "Held" }
    StatusMinutesApproved { nb: "Referat godkjent", en: "Minutes approved" }
    StatusCancelled { nb: "Avlyst", en: "Cancelled" }
    BodyKindGpCommittee { nb: "Allmennlegeutvalg (ALU)", en: "GP committee (ALU)" }
    BodyKindCooperationCommittee { nb: "Samarbeidsutvalg (LSU/SU)", en: "Cooperation committee (LSU/SU)" }
    BodyKindQualityCommittee { nb: "Kvalitetsutvalg", en: "Quality committee" }
    BodyKindAllGpMeeting { nb: "Storlegemøte", en: "All-GP meeting" }
    BodyKindForum { nb: "Forum", en: "Forum (network)" }
    BodyKindHealthCommunity { nb: "Helsefellesskap", en: "Health community" }
    BodyKindCourseSeries { nb: "Kursrekke", en: "Course series" }
    BodyKindOther { nb: "Annet", en: "Other" }
    BodyRoleChair { nb: "Leder", en: "Chair" }
    BodyRoleSecretary { nb: "Sekretær", en: "Secretary" }
    BodyRoleMember { nb: "Medlem", en: "Member" }
    BodyRoleRepresentative { nb: "Representant", en: "Representative" }
    BodyRoleObserver { nb: "Observatør", en: "Observer" }
    AnswerInPerson { nb: "Kommer", en: "Attending" }
    AnswerRemote { nb: "Deltar digitalt", en: "Attending remotely" }
    AnswerAbsent { nb: "Forfall", en: "Absent" }
    AttendanceInPerson { nb: "Til stede", en: "Present" }
    AttendanceRemote { nb: "Til stede digitalt", en: "Present remotely" }
    AttendanceExcused { nb: "Gyldig forfall", en: "Excused" }
    AttendanceAbsent { nb: "Fravær", en: "Absent without notice" }
    AttendanceNotRecorded { nb: "Ikke registrert", en: "Not recorded" }
    SourceCheckIn { nb: "Innsjekking", en: "Check-in" }
    SourceSecretary { nb: "Sekretær", en: "Secretary" }
    SourceLiveRoom { nb: "Digitalt møterom", en: "Live meeting room" }
    ActionOpen { nb: "Åpen", en: "Open" }
    ActionInProgress { nb: "Under arbeid", en: "In progress" }
    ActionDone { nb: "Ferdig", en: "Done" }
    ProposalPending { nb: "Venter på behandling", en: "Awaiting a decision" }
    ProposalAccepted { nb: "Tatt med på sakslisten", en: "Added to the agenda" }
    ProposalDeclined { nb: "Avslått", en: "Declined" }
    ObligationMet { nb: "Oppfylt", en: "Met" }
    ObligationNotMet { nb: "Ikke oppfylt", en: "Not met" }
    ObligationExempt { nb: "Fritatt", en: "Exempt" }
    MeetingsTitle { nb: "Mine møter", en: "My meetings" }
    MeetingsTabsLabel { nb: "Hvilke møter", en: "Which meetings" }
    MeetingsUpcoming { nb: "Kommende", en: "Upcoming" }
    MeetingsPast { nb: "Tidligere", en: "Past" }
    MeetingsMunicipality { nb: "Alle møter", en: "All meetings" }
    MeetingsNone { nb: "Du har ingen kommende møter.", en: "You have no upcoming meetings." }
    MeetingsNonePast { nb: "Ingen tidligere møter.", en: "No past meetings." }
    MeetingHasVideo { nb: "Videolenke", en: "Video link" }
    NewMeeting { nb: "Nytt møte", en: "New meeting" }
    CheckInLink { nb: "Sjekk inn på et møte", en: "Check in to a meeting" }
    RsvpTitle { nb: "Ditt svar på innkallingen", en: "Your answer to the notice" }
    RsvpYourAnswer { nb: "Ditt svar:", en: "Your answer:" }
    RsvpNone { nb: "Ikke svart", en: "Not answered" }
    RsvpInPerson { nb: "Jeg kommer", en: "I will attend" }
    RsvpRemote { nb: "Jeg deltar digitalt", en: "I will attend remotely" }
    RsvpAbsent { nb: "Meld forfall", en: "Send notice of absence" }
    RsvpReason { nb: "Grunn til forfall", en: "Reason for absence" }
    RsvpReasonHelp { nb: "Møtelederen ser grunnen.", en: "The organiser sees the reason." }
    RsvpSendAbsence { nb: "Send forfall", en: "Send notice of absence" }
    RsvpSaved { nb: "Svaret ditt er lagret.", en: "Your answer is saved." }
    RsvpClosed { nb: "Du kan ikke endre svaret lenger: møtet har begynt eller er ikke innkalt.", en: "You can no longer change your answer: the meeting has started or has no notice." }
    HomeUpcoming { nb: "Kommende møter", en: "Upcoming meetings" }
    HomeAllMeetings { nb: "Alle mine møter", en: "All my meetings" }
    HomeActionItems { nb: "Mine åpne oppgaver", en: "My open action items" }
    ObligationLineLabel { nb: "Min årlige møteplikt:", en: "My annual meeting obligation:" }
    ObligationLineMet { nb: "oppfylt", en: "met" }
    ObligationLineNotMet { nb: "ikke ennå", en: "not yet" }
    ObligationLineExempt { nb: "fritatt", en: "exempt" }
    ObligationMetBy { nb: "Oppfylt ved", en: "Met at" }
    ObligationExemptReason { nb: "Begrunnelse:", en: "Reason:" }
    ObligationNotMetHelp { nb: "Du oppfyller den ved å delta på et møte som teller. Se", en: "You meet it by attending a meeting that counts. See" }
    ActionItemsTitle { nb: "Mine oppgaver", en: "My action items" }
    ActionItemsIntro { nb: "Oppfølgingspunkter fra møter som du er ansvarlig for og som ikke er ferdige.", en: "Action items from meetings that you own and that are not done." }
    ActionItemsNone { nb: "Du har ingen åpne oppgaver.", en: "You have no open action items." }
    ActionItemsNoneOnMeeting { nb: "Ingen oppfølgingspunkter er lagt til.", en: "No action items have been added." }
    ActionItemsSectionTitle { nb: "Oppfølgingspunkter", en: "Action items" }
    ActionFromMeeting { nb: "Fra", en: "From" }
    ActionOwner { nb: "Ansvarlig:", en: "Owner:" }
    ActionDue { nb: "Frist", en: "Due" }
    ActionStatusLabel { nb: "Status", en: "Progress" }
    ActionStatusSaved { nb: "Lagret.", en: "Saved." }
    AddActionItem { nb: "Legg til oppfølgingspunkt", en: "Add action item" }
    ActionItemAdded { nb: "Oppfølgingspunktet er lagt til.", en: "The action item has been added." }
    FieldActionTitle { nb: "Hva skal gjøres", en: "What is to be done" }
    FieldActionOwner { nb: "Ansvarlig", en: "Owner" }
    FieldDueDate { nb: "Frist", en: "Due date" }
    FieldAgendaItem { nb: "Sak", en: "Agenda item" }
    NoOwner { nb: "Ingen ansvarlig ennå", en: "No owner yet" }
    NoAgendaItem { nb: "Ikke knyttet til en sak", en: "Not tied to an item" }
    BodiesTitle { nb: "Utvalg og fora", en: "Committees and fora" }
    BodiesIntro { nb: "Utvalgene og foraene i kommunen, med medlemmer, roller og møter.", en: "The committees and fora of the municipality, with members, roles and meetings." }
    BodiesNone { nb: "Ingen utvalg er opprettet ennå.", en: "No committees have been created yet." }
    BodiesTableCaption { nb: "Utvalg i kommunen", en: "Committees in the municipality" }
    NewBody { nb: "Nytt utvalg", en: "New committee" }
    NewBodyTitle { nb: "Nytt utvalg", en: "New committee" }
    BodyTitle { nb: "Utvalg", en: "Committee" }
    CreateBody { nb: "Opprett utvalget", en: "Create the committee" }
    BodyCreated { nb: "Utvalget er opprettet. Legg til medlemmer under.", en: "The committee has been created. Add members below." }
    BodySaved { nb: "Utvalget er lagret.", en: "The committee is saved." }
    BackToBodies { nb: "Tilbake til utvalgene", en: "Back to the committees" }
    EditBody { nb: "Endre utvalget", en: "Change the committee" }
    EditBodySummary { nb: "Navn, type, møteplikt, lukkede saker og godtgjøring", en: "Name, type, obligation, closed papers and compensation" }
    FieldBodyName { nb: "Utvalgets navn", en: "Name of the committee" }
    FieldBodyKind { nb: "Type", en: "Kind of committee" }
    FieldDescription { nb: "Beskrivelse", en: "Description" }
    FieldCountsForObligation { nb: "Møtene teller for den årlige møteplikten", en: "Its meetings count towards the annual obligation" }
    CountsForObligationHelp { nb: "Fastleger som deltar på et møte i utvalget, har oppfylt møteplikten for året.", en: "GPs who attend one of its meetings have met the obligation for the year." }
    FieldClosedPapers { nb: "Lukkede sakspapirer", en: "Closed case papers" }
    ClosedPapersHelp { nb: "Bare medlemmene og de som organiserer utvalget, ser sakspapirer og vedlegg.", en: "Only members and those who organise the committee see case papers and attachments." }
    FieldCompensated { nb: "Deltakelse godtgjøres", en: "Participation is paid" }
    FieldPreparationMinutes { nb: "Forberedelse (minutter)", en: "Preparation (minutes)" }
    FieldTravelMinutes { nb: "Reisetid (minutter)", en: "Travel time (minutes)" }
    MinutesHelp { nb: "Betalt tid per møte, i tillegg til møtets lengde.", en: "Paid time per meeting, on top of the meeting's length." }
    TravelMinutesHelp { nb: "Betales til dem som møter fysisk.", en: "Paid to those who attend in person." }
    ColumnBodyKind { nb: "Type", en: "Kind" }
    ColumnMembers { nb: "Medlemmer", en: "Members" }
    ColumnMyRole { nb: "Min rolle", en: "My role" }
    ColumnCountsForObligation { nb: "Teller for møteplikt", en: "Counts for obligation" }
    MembersTitle { nb: "Medlemmer", en: "Members" }
    MembersNone { nb: "Utvalget har ingen medlemmer ennå.", en: "The committee has no members yet." }
    ColumnBodyRole { nb: "Rolle i utvalget", en: "Role in the committee" }
    ColumnTerm { nb: "Periode", en: "Term" }
    RemoveMember { nb: "Fjern", en: "Remove" }
    MemberRemoved { nb: "Medlemmet er fjernet.", en: "The member has been removed." }
    AddMember { nb: "Legg til medlem", en: "Add member" }
    MemberAdded { nb: "Medlemmet er lagt til.", en: "The member has been added." }
    FieldPerson { nb: "Person", en: "Who" }
    ChoosePerson { nb: "Velg person", en: "Choose a person" }
    FieldBodyRole { nb: "Rolle i utvalget", en: "Role in the committee" }
    FieldTermStart { nb: "Periode fra", en: "Term from" }
    FieldTermEnd { nb: "Periode til", en: "Term until" }
    BodyMeetingsTitle { nb: "Møter i utvalget", en: "The committee's meetings" }
    NewBodyMeeting { nb: "Nytt møte i utvalget", en: "New meeting of the committee" }
    NewMeetingTitle { nb: "Nytt møte", en: "New meeting" }
    EditMeetingTitle { nb: "Endre eller flytt møtet", en: "Change or reschedule the meeting" }
    CreateMeeting { nb: "Opprett møtet som utkast", en: "Create the meeting as a draft" }
    MeetingCreated { nb: "Møtet er opprettet som utkast. Sett opp sakslisten og send innkallingen når du er klar.", en: "The meeting has been created as a draft. Build the agenda and send the notice when you are ready." }
    MeetingSaved { nb: "Endringene i møtet er lagret.", en: "The changes to the meeting are saved." }
    FieldBody { nb: "Utvalg", en: "Committee" }
    NoBody { nb: "Ikke knyttet til et utvalg", en: "Not tied to a committee" }
    FieldMeetingKind { nb: "Type møte", en: "Kind of meeting" }
    FieldTitle { nb: "Tittel", en: "Title" }
    FieldStarts { nb: "Starter", en: "Starts" }
    FieldEnds { nb: "Slutter", en: "Ends" }
    LocalTimeHelp { nb: "Norsk tid.", en: "Norwegian time." }
    FieldLocation { nb: "Sted", en: "Place" }
    FieldVideoUrl { nb: "Videolenke", en: "Video link" }
    VideoUrlHelp { nb: "Lenken til et videomøte, som begynner med https://.", en: "The link to a video meeting, starting with https://." }
    FieldProposalDeadline { nb: "Frist for saksforslag", en: "Deadline for proposed items" }
    ProposalDeadlineHelp { nb: "Uten frist kan de inviterte foreslå saker fram til møtet begynner.", en: "Without a deadline, invitees may propose items until the meeting starts." }
    FieldInvitees { nb: "Hvem inviteres", en: "Who is invited" }
    InviteesEditHelp { nb: "De som allerede har svart, beholder invitasjonen.", en: "Those who have already answered stay invited." }
    InviteBodyMembers { nb: "Medlemmene i utvalget", en: "The committee's members" }
    InviteAllGps { nb: "Alle fastleger i kommunen", en: "All GPs in the municipality" }
    InviteOffice { nb: "Fastlegene ved ett legekontor", en: "The GPs at one office" }
    InvitePeople { nb: "Utvalgte personer", en: "Chosen people" }
    ChooseOffice { nb: "Velg legekontor", en: "Choose a GP office" }
    FilterPeople { nb: "Finn person", en: "Find a person" }
    PeopleChosen { nb: "valgt", en: "chosen" }
    FieldRecurrence { nb: "Gjentakelse", en: "Recurrence" }
    RepeatMeeting { nb: "Gjenta møtet (lag en serie)", en: "Repeat the meeting (make a series)" }
    RepeatEvery { nb: "Hvor ofte", en: "How often" }
    RepeatWeekly { nb: "Hver uke", en: "Every week" }
    RepeatFortnightly { nb: "Annenhver uke", en: "Every other week" }
    RepeatMonthly { nb: "Hver måned", en: "Every month" }
    RepeatCount { nb: "Antall møter", en: "Number of meetings" }
    RepeatCountHelp { nb: "Fra 2 til 52, det første medregnet.", en: "From 2 to 52, the first included." }
    FieldMinutesPublic { nb: "Godkjent referat kan leses av alle i kommunen", en: "Everyone in the municipality may read the approved minutes" }
    MinutesPublicHelp { nb: "Ellers ser bare de inviterte, utvalgets medlemmer og lederne referatet.", en: "Otherwise only invitees, members of the committee and leaders see the minutes." }
    MeetingTitle { nb: "Møte", en: "Meeting" }
    FieldWhen { nb: "Tid", en: "When" }
    AddToCalendar { nb: "Legg til i kalender", en: "Add to calendar" }
    MeetingIsCancelled { nb: "Møtet er avlyst.", en: "The meeting has been cancelled." }
    CancelReasonLabel { nb: "Begrunnelse:", en: "Reason:" }
    OrganiserTitle { nb: "Styr møtet", en: "Run the meeting" }
    DraftHelp { nb: "Møtet er et utkast og vises bare for dem som organiserer det. Send innkallingen når sakslisten er klar.", en: "The meeting is a draft, seen only by its organisers. Send the notice when the agenda is ready." }
    EditMeeting { nb: "Endre eller flytt møtet", en: "Change or reschedule" }
    SendNotice { nb: "Send innkalling", en: "Send the notice" }
    NoticeSent { nb: "Innkallingen er sendt. De inviterte kan nå svare.", en: "The notice has been sent. Invitees can now answer." }
    MarkHeld { nb: "Marker som avholdt", en: "Mark as held" }
    MarkedHeld { nb: "Møtet er markert som avholdt. Nå kan du skrive referatet.", en: "The meeting is marked as held. You can now write the minutes." }
    CancelMeeting { nb: "Avlys møtet", en: "Cancel the meeting" }
    CancelReason { nb: "Hvorfor avlyses møtet?", en: "Why is the meeting cancelled?" }
    CancelReasonHelp { nb: "Alle de inviterte ser begrunnelsen.", en: "Every invitee sees the reason." }
    ConfirmCancel { nb: "Avlys møtet nå", en: "Cancel the meeting now" }
    MeetingCancelled { nb: "Møtet er avlyst.", en: "The meeting is cancelled." }
    AnswersTitle { nb: "Svar på innkallingen", en: "Answers to the notice" }
    AnswersNoInvitees { nb: "Ingen er invitert.", en: "Nobody is invited." }
    ColumnAnswer { nb: "Svar", en: "Answer" }
    ColumnReason { nb: "Grunn", en: "Reason" }
    ColumnAnswered { nb: "Svart", en: "Answered" }
    HistoryTitle { nb: "Historikk", en: "History" }
    HistoryShow { nb: "Vis endringer i møtet", en: "Show changes to the meeting" }
    HistoryCreated { nb: "Opprettet", en: "Created" }
    HistoryUpdated { nb: "Endret", en: "Changed" }
    HistoryRescheduled { nb: "Flyttet", en: "Rescheduled" }
    HistoryNoticeSent { nb: "Innkalling sendt", en: "Notice sent" }
    HistoryCancelled { nb: "Avlyst", en: "Cancelled" }
    HistoryHeld { nb: "Avholdt", en: "Held" }
    HistoryMinutesApproved { nb: "Referat godkjent", en: "Minutes approved" }
    HistoryAgendaItemAdded { nb: "Sak lagt til", en: "Item added" }
    HistoryProposalAccepted { nb: "Saksforslag tatt med", en: "Proposal accepted" }
    HistoryProposalDeclined { nb: "Saksforslag avslått", en: "Proposal declined" }
    AgendaTitle { nb: "Saksliste", en: "Agenda" }
    AgendaNone { nb: "Ingen saker på sakslisten ennå.", en: "No items on the agenda yet." }
    AgendaItemPrefix { nb: "Sak", en: "Item" }
    AgendaMovedTo { nb: "er flyttet til plass", en: "has moved to position" }
    MoveUp { nb: "Flytt opp", en: "Move up" }
    MoveDown { nb: "Flytt ned", en: "Move down" }
    ProposedBy { nb: "Foreslått av", en: "Proposed by" }
    PapersClosed { nb: "Sakspapirene er lukket for andre enn utvalgets medlemmer.", en: "The case papers are closed to all but the committee's members." }
    DecisionLabel { nb: "Vedtak:", en: "Decision:" }
    DecisionIn { nb: "Vedtak i", en: "Decision on" }
    NoDecision { nb: "Ingen vedtak.", en: "No decision." }
    AttachmentsLabel { nb: "Vedlegg", en: "Attachments" }
    AttachFile { nb: "Legg ved fil", en: "Attach a file" }
    AttachFileHelp { nb: "PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG eller tekst.", en: "PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG or text." }
    ChooseFileFirst { nb: "Velg en fil først.", en: "Choose a file first." }
    AttachmentUploaded { nb: "Filen er lastet opp.", en: "The file has been uploaded." }
    AddAgendaItem { nb: "Legg til sak", en: "Add item" }
    AgendaItemAdded { nb: "Saken er lagt til sakslisten.", en: "The item has been added to the agenda." }
    FieldItemTitle { nb: "Sakens tittel", en: "Title of the item" }
    FieldCasePaper { nb: "Saksframlegg", en: "Case paper" }
    CasePaperHelp { nb: "Bakgrunn og forslag til vedtak.", en: "Background and proposed decision." }
    ProposalsTitle { nb: "Saksforslag", en: "Proposed items" }
    ProposalsNone { nb: "Ingen har foreslått saker.", en: "Nobody has proposed any items." }
    ProposalsAll { nb: "Forslag til behandling", en: "Proposals to handle" }
    ProposalsMine { nb: "Mine forslag", en: "My proposals" }
    ProposeItem { nb: "Foreslå sak", en: "Propose an item" }
    ProposeIntro { nb: "Foreslå en sak til møtet. Lederen eller sekretæren tar den med på sakslisten eller svarer med en begrunnelse.", en: "Propose an item for the meeting. The chair or secretary adds it to the agenda or answers with a reason." }
    ProposeDeadline { nb: "Fristen er", en: "The deadline is" }
    FieldProposalText { nb: "Beskrivelse av saken", en: "Description of the item" }
    ProposalTextHelp { nb: "Hva saken gjelder, og hva du ønsker at møtet gjør.", en: "What the item is about, and what you would like the meeting to do." }
    SendProposal { nb: "Send forslaget", en: "Send the proposal" }
    ProposalSent { nb: "Forslaget er sendt.", en: "Your proposal has been sent." }
    ProposalDeadlinePassed { nb: "Fristen for å foreslå saker er ute.", en: "The deadline for proposing items has passed." }
    AcceptProposal { nb: "Ta med på sakslisten", en: "Add to the agenda" }
    DeclineProposal { nb: "Avslå", en: "Decline" }
    DeclineReason { nb: "Begrunnelse for avslaget", en: "Reason for declining" }
    DeclineReasonHelp { nb: "Den som foreslo saken, ser begrunnelsen.", en: "The proposer sees the reason." }
    DeclineReasonLabel { nb: "Begrunnelse:", en: "Reason given:" }
    SendDecline { nb: "Avslå forslaget", en: "Decline the proposal" }
    MinutesTitle { nb: "Referat", en: "Minutes" }
    MinutesNone { nb: "Referatet er ikke skrevet ennå.", en: "The minutes have not been written yet." }
    MinutesDraft { nb: "Utkast, ikke godkjent.", en: "Draft, not approved." }
    MinutesApprovedBy { nb: "Godkjent av", en: "Approved by" }
    MinutesAfterMeeting { nb: "Du kan skrive referatet når møtet har begynt eller er markert som avholdt.", en: "You can write the minutes once the meeting has started or is marked as held." }
    FieldMinutesSummary { nb: "Sammendrag", en: "Summary" }
    MinutesSummaryHelp { nb: "Det viktigste fra møtet.", en: "The main points of the meeting." }
    SaveMinutes { nb: "Lagre referatet", en: "Save the minutes" }
    MinutesSaved { nb: "Referatet er lagret som utkast.", en: "The minutes are saved as a draft." }
    ApproveMinutes { nb: "Godkjenn referatet", en: "Approve the minutes" }
    ApproveMinutesHelp { nb: "Lagre først. Når referatet er godkjent, ser de inviterte det, og det kan ikke endres.", en: "Save first. Once approved, invitees see the minutes, and they can no longer change." }
    MinutesPrintLink { nb: "Utskriftsvennlig referat", en: "Printable minutes" }
    MinutesNotApproved { nb: "Referatet er ikke godkjent ennå.", en: "The minutes have not been approved yet." }
    BackToMeeting { nb: "Tilbake til møtet", en: "Back to the meeting" }
    AttendanceOrganisersOnly { nb: "Oppmøtet vises for dem som organiserer møtet.", en: "Attendance is shown to the meeting's organisers." }
    CheckInTitle { nb: "Innsjekking", en: "Check-in" }
    CheckInOrganiserIntro { nb: "Vis koden eller QR-koden i møterommet. Fastlegene sjekker inn på telefonen fra en halv time før møtet til det slutter.", en: "Show the code or the QR code in the room. GPs check in on their phones from half an hour before the meeting until it ends." }
    CheckInNoCode { nb: "Ingen kode er laget ennå.", en: "No code has been made yet." }
    CheckInMake { nb: "Lag innsjekkingskode", en: "Make a check-in code" }
    CheckInRemake { nb: "Lag ny kode", en: "Make a new code" }
    CheckInCodeMade { nb: "Koden er klar.", en: "The code is ready." }
    CheckInCodeLabel { nb: "Koden er", en: "The code is" }
    CheckInValid { nb: "Gyldig", en: "Valid" }
    CheckInUrl { nb: "Lenke:", en: "Link:" }
    QrAltPrefix { nb: "QR-kode for innsjekking på møtet", en: "QR code for checking in to the meeting" }
    QrAltCode { nb: "Koden er", en: "The code is" }
    AttendanceTitle { nb: "Oppmøte", en: "Attendance" }
    AttendanceIntro { nb: "Registrer hvem som var til stede. Forfall fra innkallingen er fylt inn; de som har sjekket inn, er registrert.", en: "Record who was present. Notices of absence are filled in; those who checked in are recorded." }
    AttendanceMarkAttending { nb: "Merk alle som svarte «kommer» som til stede", en: "Mark everyone who said they would attend as present" }
    AttendanceMarkedAttending { nb: "De som svarte at de kommer, er merket. Lagre for å registrere.", en: "Those who said they would attend are marked. Save to record it." }
    AttendanceNobodyToMark { nb: "Ingen å merke: alle som svarte, er allerede registrert.", en: "Nobody to mark: everyone who answered is already recorded." }
    ColumnAttendance { nb: "Oppmøte", en: "Attendance" }
    ColumnRecordedBy { nb: "Registrert ved", en: "Recorded by" }
    AttendanceFor { nb: "Oppmøte for", en: "Attendance of" }
    AttendanceReasonFor { nb: "Grunn til forfall for", en: "Reason for absence of" }
    FieldCorrectionReason { nb: "Grunn til rettelse", en: "Reason for the correction" }
    CorrectionReasonHelp { nb: "Må fylles ut når du endrer oppmøte som allerede er registrert. Den tas vare på i loggen.", en: "Required when you change attendance that is already recorded. It is kept in the trail." }
    SaveAttendance { nb: "Lagre oppmøtet", en: "Save attendance" }
    AttendanceSaved { nb: "Oppmøtet er lagret.", en: "Attendance is saved." }
    AttendanceNothingChanged { nb: "Ingenting er endret.", en: "Nothing has changed." }
    AttendanceNotYet { nb: "Oppmøte kan registreres fra en time før møtet begynner.", en: "Attendance can be recorded from an hour before the meeting starts." }
    AttendanceTrail { nb: "Endringer i oppmøtet", en: "Changes to attendance" }
    AttendanceTrailNone { nb: "Ingenting er registrert ennå.", en: "Nothing has been recorded yet." }
    ColumnChangeMade { nb: "Endring", en: "Change made" }
    CheckInPageTitle { nb: "Sjekk inn på møtet", en: "Check in to the meeting" }
    CheckInIntro { nb: "Skriv koden som vises i møterommet, eller skann QR-koden med kameraet.", en: "Type the code shown in the meeting room, or scan the QR code with your camera." }
    FieldCheckInCode { nb: "Kode", en: "Code" }
    CheckInCodeHelp { nb: "Åtte sifre.", en: "Eight digits." }
    CheckInButton { nb: "Sjekk inn", en: "Check in" }
    CheckedInTo { nb: "Du er sjekket inn på", en: "You have checked in to" }
    CheckedInAt { nb: "kl.", en: "at" }
    GoToMeeting { nb: "Gå til møtet", en: "Go to the meeting" }
    SearchTitle { nb: "Søk i møter", en: "Search meetings" }
    SearchLabel { nb: "Søkeord", en: "Search words" }
    SearchHelp { nb: "Søk i møter, saker og vedtak du har tilgang til.", en: "Search the meetings, items and decisions you have access to." }
    SearchButton { nb: "Søk", en: "Search" }
    SearchNone { nb: "Ingen treff.", en: "No results." }
    SearchOne { nb: "1 treff", en: "1 result" }
    SearchMany { nb: "treff", en: "results" }
    HitMeeting { nb: "Møte", en: "Meeting" }
    HitAgendaItem { nb: "Sak", en: "Item" }
    HitDecision { nb: "Vedtak", en: "Decision" }
    FeedTitle { nb: "Kalenderabonnement", en: "Calendar subscription" }
    FeedIntro { nb: "Abonner på møtene dine i kalenderen (Outlook, Google, iPhone). Lenken er hemmelig: alle som har den, ser møtene dine.", en: "Subscribe to your meetings in your calendar (Outlook, Google, iPhone). The link is secret: anyone who has it sees your meetings." }
    FeedMake { nb: "Lag ny abonnementslenke", en: "Make a new subscription link" }
    FeedStop { nb: "Stopp abonnementet", en: "Stop the subscription" }
    FeedMade { nb: "Lenken er laget. En eldre lenke virker ikke lenger.", en: "The link has been made. Any older link no longer works." }
    FeedStopped { nb: "Abonnementet er stoppet.", en: "The subscription has been stopped." }
    FeedUrlLabel { nb: "Abonnementslenke", en: "Subscription link" }
    FeedShownOnce { nb: "Lenken vises bare nå. Kopier den inn i kalenderen din.", en: "The link is shown only now. Copy it into your calendar." }
    FeedCopied { nb: "Lenken er kopiert.", en: "The link has been copied." }
    FeedCopyYourself { nb: "Lenken er markert. Kopier den med Ctrl+C eller Cmd+C.", en: "The link is selected. Copy it with Ctrl+C or Cmd+C." }
    ObligationTitle { nb: "Årlig møteplikt", en: "Annual meeting obligation" }
    ObligationIntro { nb: "Hver fastlege skal møte kommunen minst én gang i året. Dialogmøter teller alltid; ellers teller møtene kommunen har valgt.", en: "Every GP must meet the municipality at least once a year. Individual dialogues always count; otherwise the meetings the municipality has chosen." }
    MyObligationTitle { nb: "Min møteplikt", en: "My obligation" }
    ObligationAllTitle { nb: "Fastlegene i kommunen", en: "The GPs of the municipality" }
    FieldYear { nb: "År", en: "Year" }
    ObligationOnlyUnmet { nb: "Vis bare de som ikke har oppfylt", en: "Show only those who have not met it" }
    ObligationSummary { nb: "{} av {} fastleger har oppfylt møteplikten, og {} er fritatt.", en: "{} of {} GPs have met the obligation, and {} are exempt." }
    ObligationNone { nb: "Ingen fastleger å vise.", en: "No GPs to show." }
    RemoveExemption { nb: "Fjern fritaket", en: "Remove the exemption" }
    ExemptionRemoved { nb: "Fritaket er fjernet.", en: "The exemption has been removed." }
    ExemptTitle { nb: "Frita en fastlege", en: "Exempt a GP" }
    FieldGp { nb: "Fastlege", en: "GP" }
    FieldExemptionReason { nb: "Begrunnelse for fritaket", en: "Reason for the exemption" }
    AddExemption { nb: "Frita", en: "Exempt" }
    ExemptionAdded { nb: "Fastlegen er fritatt for året.", en: "The GP is exempt for the year." }
    ParticipationTitle { nb: "Deltakelse", en: "Participation" }
    ParticipationIntro { nb: "Oppmøte på møter som er avholdt i perioden: hvor mange av de inviterte som deltok, fysisk eller digitalt.", en: "Attendance at meetings held in the period: how many of those invited took part, in person or remotely." }
    ReportFilters { nb: "Periode og utvalg", en: "Period and filters" }
    FieldFrom { nb: "Fra", en: "From" }
    FieldTo { nb: "Til", en: "To" }
    AllBodies { nb: "Alle utvalg", en: "All committees" }
    AllKinds { nb: "Alle typer møter", en: "All kinds of meetings" }
    ShowFigures { nb: "Vis tall", en: "Show figures" }
    TotalTitle { nb: "Totalt", en: "In total" }
    KpiRate { nb: "oppmøte", en: "attendance" }
    KpiInvited { nb: "invitasjoner", en: "invitations" }
    KpiAttended { nb: "deltok", en: "attended" }
    KpiExcused { nb: "gyldig forfall", en: "excused" }
    DownloadCsv { nb: "Last ned CSV", en: "Download CSV" }
    DownloadXlsx { nb: "Last ned Excel (XLSX)", en: "Download Excel (XLSX)" }
    ChartByOffice { nb: "Oppmøte etter legekontor", en: "Attendance by GP office" }
    ChartByBody { nb: "Oppmøte etter utvalg", en: "Attendance by committee" }
    ChartByKind { nb: "Oppmøte etter type møte", en: "Attendance by kind of meeting" }
    ChartByYear { nb: "Oppmøte per år, siste fem år", en: "Attendance per year, the last five years" }
    ChartComparison { nb: "Oppmøte per kommune", en: "Attendance by municipality" }
    ChartNoData { nb: "Ingen tall for perioden.", en: "No figures for the period." }
    ShowAsTable { nb: "Vis tallene som tabell", en: "Show the figures as a table" }
    ColumnGroup { nb: "Gruppe", en: "Group" }
    ColumnInvited { nb: "Invitert", en: "Invited" }
    ColumnAttended { nb: "Deltok", en: "Attended" }
    ColumnExcused { nb: "Forfall", en: "Excused" }
    ColumnRate { nb: "Oppmøte", en: "Rate" }
    TrendTitle { nb: "Utvikling over tid", en: "Trend over time" }
    ByGpTitle { nb: "Oppmøte per fastlege", en: "Attendance by GP" }
    SortHelp { nb: "Velg en kolonneoverskrift for å sortere.", en: "Choose a column heading to sort." }
    AttendedNothingTitle { nb: "Har ikke deltatt på noe", en: "Have attended nothing" }
    AttendedNothingNone { nb: "Alle fastlegene har deltatt på minst ett møte i perioden.", en: "Every GP has attended at least one meeting in the period." }
    AttendedNothingCount { nb: "fastleger har ikke deltatt på noe møte i perioden:", en: "GPs have attended no meeting in the period:" }
    TimesInvited { nb: "ganger invitert", en: "times invited" }
    ComparisonTitle { nb: "Sammenligning mellom kommuner", en: "Comparison between municipalities" }
    ComparisonIntro { nb: "Bare oppmøteprosent per kommune, uten navn på personer.", en: "Only attendance rates per municipality, without names of people." }
    OwnMunicipality { nb: "din kommune", en: "your municipality" }
    CompensationTitle { nb: "Godtgjøring", en: "Compensation" }
    CompensationIntro { nb: "Godtgjøring for deltakelse: møtetid, forberedelse og reise ganger timesatsen som gjaldt den dagen.", en: "Pay for participation: meeting time, preparation and travel times the hourly rate of the day." }
    PeriodLabel { nb: "Periode", en: "Period" }
    MyCompensationTitle { nb: "Min godtgjøring", en: "My compensation" }
    MunicipalityCompensationTitle { nb: "Kommunens godtgjøring per fastlege", en: "The municipality's compensation by GP" }
    CompensationNone { nb: "Ingen godtgjort deltakelse i perioden.", en: "No paid participation in the period." }
    ColumnDate { nb: "Dato", en: "Date" }
    ColumnMeeting { nb: "Møte", en: "Meeting" }
    ColumnMeetings { nb: "Møter", en: "Meetings" }
    ColumnPaidTime { nb: "Betalt tid", en: "Paid time" }
    ColumnHourlyRate { nb: "Timesats", en: "Hourly rate" }
    ColumnAmount { nb: "Beløp", en: "Amount" }
    ColumnGp { nb: "Fastlege", en: "GP" }
    PartMeeting { nb: "møte", en: "meeting" }
    PartPreparation { nb: "forberedelse", en: "preparation" }
    PartTravel { nb: "reise", en: "travel" }
    DownloadPayrollCsv { nb: "Lønnsgrunnlag som CSV", en: "Payroll as CSV" }
    DownloadPayrollXlsx { nb: "Lønnsgrunnlag som Excel (XLSX)", en: "Payroll as Excel (XLSX)" }
    RatesTitle { nb: "Timesatser", en: "Hourly rates" }
    RatesIntro { nb: "Satsene for godtgjøring per time. En periode gjelder fra datoen til neste periode begynner; kommunens egne satser går foran standardsatsene.", en: "The hourly rates for compensation. A period applies from its date until the next begins; the municipality's own rates take precedence over the defaults." }
    RatePeriods { nb: "Satsperioder", en: "Rate periods" }
    ColumnValidFrom { nb: "Gjelder fra", en: "Valid from" }
    ColumnSpecialistRate { nb: "Spesialist per time", en: "Specialist per hour" }
    ColumnOtherRate { nb: "Andre per time", en: "Others per hour" }
    ColumnSource { nb: "Fastsatt av", en: "Set by" }
    RateSourceDefault { nb: "Standard (ASA 4310)", en: "Default (ASA 4310)" }
    RateSourceOwn { nb: "Kommunen", en: "The municipality" }
    RateInForce { nb: "gjelder nå", en: "in force" }
    RateDeleted { nb: "Satsperioden er slettet.", en: "The rate period has been deleted." }
    AddRate { nb: "Legg til satsperiode", en: "Add a rate period" }
    FieldValidFrom { nb: "Gjelder fra", en: "Valid from" }
    FieldSpecialistRate { nb: "Timesats for spesialister i allmennmedisin", en: "Hourly rate for specialists in general practice" }
    FieldOtherRate { nb: "Timesats for andre leger", en: "Hourly rate for other doctors" }
    KronerHelp { nb: "I kroner, for eksempel 1 230,00.", en: "In kroner, such as 1230.00." }
    RateAdded { nb: "Satsperioden er lagt til.", en: "The rate period has been added." }
    MembersTableCaption { nb: "Medlemmer med roller og perioder", en: "Members with roles and terms" }
    AnswersTableCaption { nb: "Hvem som har svart hva", en: "Who answered what" }
    AttendanceTableCaption { nb: "Oppmøteliste", en: "Attendance sheet" }
    ObligationTableCaption { nb: "Møteplikt per fastlege", en: "Obligation by GP" }
    RatesTableCaption { nb: "Timesatser med gyldighet", en: "Hourly rates and when they apply" }
    ByGpTableCaption { nb: "Invitert, deltok og forfall per fastlege", en: "Invited, attended and excused by GP" }
    PayrollTableCaption { nb: "Lønnsgrunnlag per fastlege", en: "Payroll by GP" }
    MyCompensationCaption { nb: "Godtgjorte møter", en: "Paid meetings" }
    PaidPreparation { nb: "Betalt forberedelse per møte", en: "Paid preparation per meeting" }
    PaidTravel { nb: "Betalt reisetid per møte", en: "Paid travel time per meeting" }
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
    RosterErrorBelongsElsewhere { nb: "Personen finnes i en annen kommune. Kontakt driftsansvarlig for Legeting.", en: "This person is in another municipality. Contact the operator of Legeting." }
    PersonManagedElsewhere { nb: "Personen hører også til en annen kommune. Navn, e-post, telefon, HPR-nummer og om personen er aktiv, kan bare personen selv eller driftsansvarlig for Legeting endre. Her endrer du rollene i kommunen.", en: "This person also belongs to another municipality. Their name, e-mail, phone, HPR number and whether they are active can be changed only by themselves or the operator of Legeting. Here you change their roles in this municipality." }
    ErrorManagedElsewhere { nb: "Personen hører også til et annet sted, så bare driftsansvarlig for Legeting kan endre dette.", en: "This person also belongs elsewhere, so only the operator of Legeting can change this." }
    RosterErrorInvalidBoolean { nb: "Skriv ja eller nei.", en: "Write yes or no." }
    RosterErrorInvalidEmployment { nb: "Tilknytning må være fastlønn eller næringsdrivende.", en: "Employment must be salaried or self-employed." }
    RosterErrorInvalidText { nb: "Teksten er for lang.", en: "The text is too long." }
    LiveTitle { nb: "Direkte møterom", en: "Live meeting room" }
    LiveEnter { nb: "Gå til direkte møterom", en: "Enter the live meeting room" }
    LiveBackToMeeting { nb: "Tilbake til møtet", en: "Back to the meeting" }
    LiveConnected { nb: "Tilkoblet", en: "Connected" }
    LiveConnecting { nb: "Kobler til …", en: "Connecting …" }
    LiveReconnectingIn { nb: "Frakoblet. Prøver igjen om {} s. Det du skriver, sendes når forbindelsen er tilbake.", en: "Disconnected. Trying again in {} s. What you write is sent when the connection is back." }
    LiveNewMessage { nb: "Ny melding fra", en: "New message from" }
    LiveNowSpeaking { nb: "Har ordet:", en: "Speaking:" }
    LiveNobodySpeaking { nb: "Ingen har ordet.", en: "Nobody has the floor." }
    LivePollOpened { nb: "Ny avstemning:", en: "New vote:" }
    LivePollClosed { nb: "Avstemningen er avsluttet:", en: "The vote is closed:" }
    LiveSpeakers { nb: "Talerliste", en: "Speakers list" }
    LiveRaiseHand { nb: "Be om ordet", en: "Ask to speak" }
    LiveLowerHand { nb: "Trekk deg fra talerlisten", en: "Withdraw from the speakers list" }
    LiveNextSpeaker { nb: "Neste taler", en: "Next speaker" }
    LiveSpeakingTime { nb: "Taletid", en: "Speaking time" }
    LiveUnlimited { nb: "Ubegrenset", en: "Unlimited" }
    LivePolls { nb: "Avstemninger", en: "Votes" }
    LiveNoPolls { nb: "Ingen avstemninger ennå.", en: "No votes yet." }
    LiveOpenPoll { nb: "Start en avstemning", en: "Start a vote" }
    LiveQuestion { nb: "Spørsmål", en: "Question" }
    LiveOptions { nb: "Svaralternativer", en: "Options" }
    LiveOptionsHint { nb: "Ett alternativ per linje, for eksempel For, Mot, Avstår.", en: "One option per line, for example For, Against, Abstain." }
    LiveAgendaItem { nb: "Sak", en: "Agenda item" }
    LiveWholeMeeting { nb: "Møtet generelt", en: "The meeting in general" }
    LiveSecretBallot { nb: "Hemmelig avstemning", en: "Secret ballot" }
    LiveStartPoll { nb: "Start avstemningen", en: "Start the vote" }
    LiveSecret { nb: "Hemmelig", en: "Secret" }
    LiveOpen { nb: "Åpen", en: "Open" }
    LiveVotesCast { nb: "{} har stemt", en: "{} have voted" }
    LiveVoteFor { nb: "Stem", en: "Vote" }
    LiveClosePoll { nb: "Avslutt avstemningen", en: "Close the vote" }
    LiveVoteRecorded { nb: "Stemmen din er registrert.", en: "Your vote is recorded." }
    LiveResults { nb: "Resultat", en: "Result" }
    LiveOption { nb: "Alternativ", en: "Option" }
    LiveVotes { nb: "Stemmer", en: "Votes" }
    LiveDiscussion { nb: "Diskusjon", en: "Discussion" }
    LiveEdited { nb: "endret", en: "edited" }
    LiveHidden { nb: "Skjult av møteleder: {}", en: "Hidden by the chair: {}" }
    LiveHiddenByChair { nb: "Skjult av møteleder", en: "Hidden by the chair" }
    LiveHide { nb: "Skjul", en: "Hide" }
    LiveYourMessage { nb: "Din melding", en: "Your message" }
    LiveCharactersLeft { nb: "{} tegn igjen", en: "{} characters left" }
    LiveSend { nb: "Send melding", en: "Send message" }
    LiveReply { nb: "Svar", en: "Reply" }
    LiveReplyToName { nb: "Svar til {}", en: "Reply to {}" }
    LiveReplyTo { nb: "Svar til {}", en: "Reply to {}" }
    LiveReplyToEarlier { nb: "Svar på en tidligere melding", en: "Reply to an earlier message" }
    LiveReplyingTo { nb: "Svarer på {}: «{}»", en: "Replying to {}: “{}”" }
    LiveCancelReply { nb: "Avbryt svaret", en: "Cancel the reply" }
    LiveEditMessage { nb: "Rediger", en: "Edit" }
    LiveEditYourMessage { nb: "Rediger meldingen din", en: "Edit your message" }
    LiveEditingMessageFrom { nb: "Meldingen fra kl. {}. Du kan endre den i fem minutter etter at du sendte den.", en: "Your message from {}. You can change it for five minutes after sending it." }
    LiveSaveEdit { nb: "Lagre endringen", en: "Save the change" }
    LiveMessageEditedBy { nb: "Melding endret av", en: "Message edited by" }
    LiveEditMessageFrom { nb: "Rediger meldingen din fra kl. {}", en: "Edit your message from {}" }
    LiveEditSaved { nb: "Endringen i meldingen din er lagret.", en: "The change to your message is saved." }
    LiveAnnounceReplyTo { nb: "svar til {}", en: "reply to {}" }
    LiveErrorNotEditable { nb: "Du kan bare endre dine egne meldinger, og bare i fem minutter.", en: "You can only change your own messages, and only for five minutes." }
    LiveErrorUnknownMessage { nb: "Meldingen finnes ikke lenger.", en: "The message no longer exists." }
    LivePresent { nb: "Til stede: {}", en: "Present: {}" }
    LiveShowPresent { nb: "Vis hvem som er til stede", en: "Show who is present" }
    LiveSearchPresent { nb: "Søk etter navn", en: "Search by name" }
    LiveOlderMessages { nb: "Vis eldre innlegg", en: "Show older messages" }
    LivePresentSearchHint { nb: "Mange er til stede: søk for å finne noen (viser inntil 50).", en: "Many are present: search to find someone (shows up to 50)." }
    LiveErrorRateLimited { nb: "Du sender for mange meldinger. Vent litt.", en: "You are sending too many messages. Wait a little." }
    LiveErrorTooManyActions { nb: "Du gjør for mye på kort tid. Vent litt og prøv igjen.", en: "You are doing too much at once. Wait a little and try again." }
    LiveErrorMessageLength { nb: "En melding kan ha 1 til 2000 tegn.", en: "A message can have 1 to 2,000 characters." }
    LiveErrorAlreadyVoted { nb: "Du har allerede stemt.", en: "You have already voted." }
    LiveErrorNotEligible { nb: "Du har ikke stemmerett i dette møtet.", en: "You are not entitled to vote in this meeting." }
    LiveErrorPollClosed { nb: "Avstemningen er avsluttet.", en: "The vote is closed." }
    LiveErrorAlreadyListed { nb: "Du står allerede på talerlisten.", en: "You are already on the speakers list." }
    LiveErrorChairOnly { nb: "Bare møteleder kan gjøre dette.", en: "Only the chair can do this." }
    LiveErrorInvalidPoll { nb: "En avstemning trenger et spørsmål og 2 til 10 svaralternativer.", en: "A vote needs a question and 2 to 10 options." }
    MailAnswerTitle { nb: "Svar på innkallingen", en: "Answer the notice" }
    MailAnswerFor { nb: "Svaret gjelder", en: "The answer is for" }
    MailAnswerCurrent { nb: "Ditt svar nå:", en: "Your answer now:" }
    MailAnswerInPerson { nb: "Jeg kommer", en: "I will attend" }
    MailAnswerRemote { nb: "Jeg deltar digitalt", en: "I will attend remotely" }
    MailAnswerAbsent { nb: "Jeg melder forfall", en: "I send notice of absence" }
    MailAnswerReason { nb: "Grunn til forfall", en: "Reason for absence" }
    MailAnswerConfirm { nb: "Bekreft svaret", en: "Confirm the answer" }
    MailAnswerSaved { nb: "Svaret ditt er registrert. Takk!", en: "Your answer is recorded. Thank you!" }
    MailAnswerClosed { nb: "Møtet kan ikke lenger besvares: det har startet, er flyttet eller avlyst. Se møtet for det siste.", en: "The meeting can no longer be answered: it has started, moved or been cancelled. See the meeting for the latest." }
    MailAnswerSeeMeeting { nb: "Se møtet", en: "See the meeting" }
    MailUnsubscribeTitle { nb: "Meld deg av e-post", en: "Unsubscribe from e-mail" }
    MailUnsubscribeWhat { nb: "Du melder deg av:", en: "You are unsubscribing from:" }
    MailUnsubscribeTransactional { nb: "Innkallinger og innloggingslenker får du fortsatt. Du kan endre dette under Min profil.", en: "You still get notices and sign-in links. You can change this under My profile." }
    MailUnsubscribeConfirm { nb: "Meld meg av", en: "Unsubscribe me" }
    MailUnsubscribed { nb: "Du er meldt av.", en: "You are unsubscribed." }
    MailCategoryReminders { nb: "Påminnelser om møter og møteplikt", en: "Reminders of meetings and the meeting obligation" }
    MailCategoryAgendaCalls { nb: "Frist for å foreslå saker", en: "Deadlines for proposing agenda items" }
    MailCategoryMinutes { nb: "Referat publisert", en: "Minutes published" }
    MailCategoryActionItems { nb: "Oppfølgingspunkter med frist", en: "Action items falling due" }
    MailPreferencesTitle { nb: "Varsler på e-post", en: "E-mail notifications" }
    MailPreferencesIntro { nb: "Velg hvilke varsler du vil ha. Innkallinger, endringer, avlysninger og innloggingslenker sendes alltid.", en: "Choose which notifications you want. Notices, changes, cancellations and sign-in links are always sent." }
    MailPreferencesSaved { nb: "Varslene er lagret.", en: "Your notifications are saved." }
    OutboxTitle { nb: "Utsendelser", en: "Outgoing mail" }
    OutboxIntro { nb: "E-post som venter, er sendt eller har feilet. Feilede sendinger prøves på nytt automatisk før de gis opp.", en: "Mail that is waiting, has been sent or has failed. Failed sending is retried automatically before it is given up." }
    OutboxPending { nb: "venter", en: "waiting" }
    OutboxSent { nb: "sendt", en: "sent" }
    OutboxFailed { nb: "feilet", en: "failed" }
    OutboxFailuresHeading { nb: "Siste feil", en: "Latest failures" }
    OutboxQueueHeading { nb: "I kø", en: "Queued" }
    OutboxNone { nb: "Ingen.", en: "None." }
    OutboxRecipient { nb: "Mottaker", en: "Recipient" }
    OutboxSubject { nb: "Emne", en: "Subject" }
    OutboxAttempts { nb: "Forsøk", en: "Attempts" }
    OutboxError { nb: "Feil", en: "Error" }
    MailCategoryInformation { nb: "Informasjon og kunngjøringer fra kommunen", en: "Information and announcements from the municipality" }
    MailCategoryDigest { nb: "Månedlig oversikt", en: "Monthly digest" }
    NavLetters { nb: "Informasjon", en: "Information" }
    LettersTitle { nb: "Informasjon fra kommunen", en: "Information from the municipality" }
    LettersIntro { nb: "Informasjonsbrev fra kommuneoverlegen og kunngjøringer fra kommunen, nyeste først.", en: "Information letters from the chief municipal medical officer and announcements from the municipality, newest first." }
    NewLetter { nb: "Skriv nytt brev", en: "Write a new letter" }
    LettersDraftsTitle { nb: "Utkast", en: "Drafts" }
    LettersDraftsNone { nb: "Ingen utkast.", en: "No drafts." }
    LettersArchiveTitle { nb: "Arkiv", en: "Archive" }
    LettersFilterLegend { nb: "Vis", en: "Show" }
    LettersFilterAll { nb: "Alle", en: "All" }
    LettersFilterInformation { nb: "Informasjonsbrev", en: "Information letters" }
    LettersFilterAnnouncements { nb: "Kunngjøringer", en: "Announcements" }
    LettersCountOne { nb: "1 brev vises.", en: "1 letter shown." }
    LettersCountMany { nb: "{} brev vises.", en: "{} letters shown." }
    LettersNone { nb: "Ingen brev eller kunngjøringer er publisert ennå.", en: "No letters or announcements have been published yet." }
    LettersNoneOfKind { nb: "Ingen publiserte brev av denne typen.", en: "No published letters of this kind." }
    LetterKindInformation { nb: "Informasjon fra kommuneoverlegen", en: "Information from the chief municipal medical officer" }
    LetterKindAnnouncement { nb: "Kunngjøring", en: "Announcement" }
    LetterAudienceGps { nb: "Alle fastlegene i kommunen", en: "All GPs in the municipality" }
    LetterAudienceEveryone { nb: "Alle i kommunen unntatt gjester", en: "Everyone in the municipality except guests" }
    LetterPageTitle { nb: "Brev", en: "Letter" }
    LetterPublishedOn { nb: "Publisert", en: "Published" }
    LetterLastSaved { nb: "Sist lagret", en: "Last saved" }
    LetterBy { nb: "Skrevet av", en: "Written by" }
    LetterFrom { nb: "Fra", en: "From" }
    LetterChanged { nb: "Endret", en: "Changed" }
    LetterAudienceLabel { nb: "Mottakere", en: "Recipients" }
    LetterEmailedTo { nb: "Sendt på e-post til", en: "Sent by e-mail to" }
    LetterKindLabel { nb: "Hva slags brev", en: "Kind of letter" }
    RecipientsOne { nb: "1 mottaker", en: "1 recipient" }
    RecipientsMany { nb: "{} mottakere", en: "{} recipients" }
    BackToLetters { nb: "Tilbake til arkivet", en: "Back to the archive" }
    NewLetterTitle { nb: "Nytt brev", en: "New letter" }
    EditLetter { nb: "Endre brevet", en: "Edit the letter" }
    LetterAudienceHelp { nb: "Hvem som får brevet på e-post når det publiseres. Alle i kommunen unntatt gjester kan lese arkivet.", en: "Who gets the letter by e-mail when it is published. Everyone in the municipality except guests can read the archive." }
    FieldLetterBody { nb: "Tekst", en: "Text" }
    LetterBodyHelp { nb: "Vanlig tekst uten formatering. En tom linje starter et nytt avsnitt.", en: "Plain text without formatting. A blank line starts a new paragraph." }
    SaveDraft { nb: "Lagre utkast", en: "Save draft" }
    LetterDraftSaved { nb: "Utkastet er lagret.", en: "The draft is saved." }
    LetterCorrected { nb: "Endringene er lagret. De sendes ikke på e-post på nytt.", en: "The changes are saved. They are not sent by e-mail again." }
    LetterEditPublishedHelp { nb: "Brevet er publisert. Rettelser vises i arkivet med dato for endringen, men sendes ikke på e-post på nytt.", en: "The letter is published. Corrections show in the archive with the date of the change, but are not sent by e-mail again." }
    ErrorLetterTitleTooLong { nb: "Tittelen kan ha høyst 200 tegn.", en: "The title can have at most 200 characters." }
    ErrorLetterBodyTooLong { nb: "Teksten kan ha høyst 20 000 tegn.", en: "The text can have at most 20,000 characters." }
    ErrorLetterInvalidCharacters { nb: "Teksten har tegn som ikke kan brukes. Lim inn som ren tekst og prøv igjen.", en: "The text has characters that cannot be used. Paste it as plain text and try again." }
    LetterToolsTitle { nb: "Behandle brevet", en: "Manage the letter" }
    DeleteDraft { nb: "Slett utkastet", en: "Delete the draft" }
    DeleteDraftQuestion { nb: "Vil du slette utkastet? Det kan ikke angres.", en: "Do you want to delete the draft? This cannot be undone." }
    ConfirmDeleteDraft { nb: "Ja, slett utkastet", en: "Yes, delete the draft" }
    LetterDeleted { nb: "Utkastet er slettet.", en: "The draft has been deleted." }
    PublishTitle { nb: "Publiser", en: "Publish" }
    PublishIntro { nb: "Når brevet er publisert, ligger det i arkivet og kan leses av alle i kommunen unntatt gjester.", en: "Once published, the letter is in the archive and can be read by everyone in the municipality except guests." }
    PublishSendEmail { nb: "Send også på e-post til {}", en: "Also send it by e-mail to {}" }
    PublishEmailHelp { nb: "De som har slått av varsler om informasjon og kunngjøringer, får ikke e-post.", en: "Those who have turned off notifications of information and announcements get no e-mail." }
    PublishButton { nb: "Publiser brevet", en: "Publish the letter" }
    PublishQuestionEmail { nb: "Brevet legges i arkivet og sendes på e-post til {}. Det kan ikke angres.", en: "The letter goes into the archive and is sent by e-mail to {}. This cannot be undone." }
    PublishQuestionNoEmail { nb: "Brevet legges i arkivet uten e-post. Det kan ikke angres.", en: "The letter goes into the archive without e-mail. This cannot be undone." }
    ConfirmPublish { nb: "Ja, publiser nå", en: "Yes, publish now" }
    LetterPublishedSent { nb: "Publisert og sendt til {}.", en: "Published and sent to {}." }
    LetterPublishedNoEmail { nb: "Publisert. Ingen e-post er sendt.", en: "Published. No e-mail has been sent." }
    HomeLetters { nb: "Siste fra kommunen", en: "Latest from the municipality" }
    HomeAllLetters { nb: "Alle brev og kunngjøringer", en: "All letters and announcements" }
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
