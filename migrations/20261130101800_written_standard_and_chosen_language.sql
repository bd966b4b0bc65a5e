-- Nynorsk beside bokmål and English (issue 18).
--
-- A municipality's written standard (målform): 'nb' (bokmål), 'nn' (nynorsk) or 'neutral' (no choice). The web
-- app and e-mails use it for people who have not chosen a language themselves.
ALTER TABLE municipalities ADD COLUMN written_standard TEXT NOT NULL DEFAULT 'neutral';

-- Whether the person chose `people.language` ('nb', 'nn' or 'en') on their profile (1) or it is only the default
-- (0). Everyone whose language is not the default has chosen it.
ALTER TABLE people ADD COLUMN language_chosen INTEGER NOT NULL DEFAULT 0;
UPDATE people SET language_chosen = 1 WHERE language <> 'nb';
