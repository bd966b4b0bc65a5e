//! Reading the server's Rust source as tokens, for the tests that check the code itself: the layers of
//! `server/src` (`tests/api/architecture.rs`) and its SQL statements (`tests/api/statements.rs`).
//!
//! [`tokens`] is a small lexer: identifiers, string literals (with their value unescaped, raw strings
//! included) and single punctuation characters, each with its line. Comments are dropped; character literals
//! and lifetimes cannot be mistaken for strings. It is no Rust parser: the tests look for short, regular
//! patterns (`crate::x`, `const NAME: &str = "…"`, `format!("…", …)`).

use std::path::{Path, PathBuf};

/// One token of Rust source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An identifier or keyword (`crate`, `format`, `MEETING_COLUMNS`).
    Ident(String),
    /// A string literal's value, escapes resolved (`"a\
    ///  b"` is `"ab"`).
    Str(String),
    /// One punctuation character (`:`, `{`, `!`, …).
    Punct(char),
    /// A number or a character literal.
    Other,
}

/// A token and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub token: Token,
    pub line: usize,
}

impl Spanned {
    /// Whether this is the identifier `name`.
    pub fn is_ident(&self, name: &str) -> bool {
        matches!(&self.token, Token::Ident(ident) if ident == name)
    }

    /// Whether this is the punctuation `character`.
    pub fn is_punct(&self, character: char) -> bool {
        self.token == Token::Punct(character)
    }

    /// The identifier, if this is one.
    pub fn ident(&self) -> Option<&str> {
        match &self.token {
            Token::Ident(ident) => Some(ident),
            _ => None,
        }
    }

    /// The string literal's value, if this is one.
    pub fn string(&self) -> Option<&str> {
        match &self.token {
            Token::Str(value) => Some(value),
            _ => None,
        }
    }
}

/// `server/src` of this workspace.
pub fn server_source() -> PathBuf {
    crate::workspace_root().join("server/src")
}

/// Every `.rs` file below `directory`, in a stable order.
pub fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{} cannot be read: {error}", directory.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

/// The tokens of `code`, without comments.
pub fn tokens(code: &str) -> Vec<Spanned> {
    let characters: Vec<char> = code.chars().collect();
    let mut lexer = Lexer { characters: &characters, index: 0, line: 1, out: Vec::new() };
    lexer.run();
    lexer.out
}

struct Lexer<'a> {
    characters: &'a [char],
    index: usize,
    line: usize,
    out: Vec<Spanned>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.characters.get(self.index + ahead).copied()
    }

    fn advance(&mut self) -> Option<char> {
        let character = self.peek(0)?;
        self.index += 1;
        if character == '\n' {
            self.line += 1;
        }
        Some(character)
    }

    fn push(&mut self, token: Token, line: usize) {
        self.out.push(Spanned { token, line });
    }

    fn run(&mut self) {
        while let Some(character) = self.peek(0) {
            let line = self.line;
            match character {
                _ if character.is_whitespace() => {
                    self.advance();
                }
                '/' if self.peek(1) == Some('/') => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.advance();
                    }
                }
                '/' if self.peek(1) == Some('*') => self.block_comment(),
                '"' => {
                    self.advance();
                    let value = self.quoted();
                    self.push(Token::Str(value), line);
                }
                'b' if self.peek(1) == Some('"') => {
                    self.advance();
                    self.advance();
                    let value = self.quoted();
                    self.push(Token::Str(value), line);
                }
                'r' | 'b' if self.raw_string_ahead() => {
                    let value = self.raw_string();
                    self.push(Token::Str(value), line);
                }
                '\'' => self.character_or_lifetime(),
                _ if character.is_alphabetic() || character == '_' => {
                    if character == 'r' && self.peek(1) == Some('#') {
                        self.advance();
                        self.advance();
                    }
                    let ident = self.word();
                    self.push(Token::Ident(ident), line);
                }
                _ if character.is_ascii_digit() => {
                    self.word();
                    self.push(Token::Other, line);
                }
                _ => {
                    self.advance();
                    self.push(Token::Punct(character), line);
                }
            }
        }
    }

    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some(character) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
            word.push(character);
            self.advance();
        }
        word
    }

    fn block_comment(&mut self) {
        let mut depth = 0;
        while let Some(character) = self.peek(0) {
            if character == '/' && self.peek(1) == Some('*') {
                depth += 1;
                self.advance();
            } else if character == '*' && self.peek(1) == Some('/') {
                depth -= 1;
                self.advance();
                if depth == 0 {
                    self.advance();
                    return;
                }
            }
            self.advance();
        }
    }

    /// After the opening quote: the value up to the closing quote, escapes resolved.
    fn quoted(&mut self) -> String {
        let mut value = String::new();
        while let Some(character) = self.advance() {
            match character {
                '"' => break,
                '\\' => match self.advance() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some('0') => value.push('\0'),
                    Some('\n') => {
                        while self.peek(0).is_some_and(char::is_whitespace) {
                            self.advance();
                        }
                    }
                    Some('x') => {
                        let digits: String = [self.advance(), self.advance()].into_iter().flatten().collect();
                        value.extend(u8::from_str_radix(&digits, 16).ok().map(char::from));
                    }
                    Some('u') => {
                        let mut digits = String::new();
                        while let Some(character) = self.advance().filter(|c| *c != '}') {
                            if character != '{' {
                                digits.push(character);
                            }
                        }
                        value.extend(u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => value.push(other),
                    None => break,
                },
                other => value.push(other),
            }
        }
        value
    }

    /// `r"…"`, `r#"…"#`, `br"…"`: a raw string starts here (and not a raw identifier such as `r#type`).
    fn raw_string_ahead(&self) -> bool {
        let start = if self.peek(0) == Some('b') { 1 } else { 0 };
        if self.peek(start) != Some('r') || self.index > 0 && is_word(self.characters[self.index - 1]) {
            return false;
        }
        let mut ahead = start + 1;
        while self.peek(ahead) == Some('#') {
            ahead += 1;
        }
        self.peek(ahead) == Some('"')
    }

    fn raw_string(&mut self) -> String {
        if self.peek(0) == Some('b') {
            self.advance();
        }
        self.advance();
        let mut hashes = 0;
        while self.peek(0) == Some('#') {
            hashes += 1;
            self.advance();
        }
        self.advance();
        let mut value = String::new();
        while let Some(character) = self.advance() {
            if character == '"' && (0..hashes).all(|offset| self.peek(offset) == Some('#')) {
                for _ in 0..hashes {
                    self.advance();
                }
                break;
            }
            value.push(character);
        }
        value
    }

    /// `'c'`, `'\n'`, `'\''` are character literals; `'a` in `&'a str` is a lifetime (a quote and a word).
    fn character_or_lifetime(&mut self) {
        let line = self.line;
        let length = if self.peek(1) == Some('\\') {
            (2..12).find(|offset| self.peek(*offset) == Some('\'')).map(|end| end + 1)
        } else if self.peek(2) == Some('\'') {
            Some(3)
        } else {
            None
        };
        match length {
            Some(length) => {
                for _ in 0..length {
                    self.advance();
                }
                self.push(Token::Other, line);
            }
            None => {
                self.advance();
                self.push(Token::Punct('\''), line);
            }
        }
    }
}

fn is_word(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(code: &str) -> Vec<String> {
        tokens(code).into_iter().filter_map(|token| token.string().map(str::to_owned)).collect()
    }

    #[test]
    fn strings_are_unescaped_and_continued_lines_joined() {
        assert_eq!(strings("f(\"SELECT a \\\n      FROM t WHERE b = '\\\"'\")"), ["SELECT a FROM t WHERE b = '\"'"]);
        assert_eq!(strings("r#\"say \"hi\"\"#; br\"x\""), ["say \"hi\"", "x"]);
    }

    #[test]
    fn comments_characters_and_lifetimes_are_no_strings() {
        let code = "// \"no\"\n/* \"no\" /* nested */ */ fn f<'a>(x: &'a str) -> char { '\"'; '\\''; 'x' }";
        assert!(strings(code).is_empty());
        let idents: Vec<_> = tokens(code).iter().filter_map(|t| t.ident().map(str::to_owned)).collect();
        assert_eq!(idents, ["fn", "f", "a", "x", "a", "str", "char"]);
    }

    #[test]
    fn tokens_know_their_line() {
        let lines: Vec<_> = tokens("a\n\"b\nc\"\nd").iter().map(|t| t.line).collect();
        assert_eq!(lines, [1, 2, 4]);
    }
}
