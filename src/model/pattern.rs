//! Wildcard patterns over names and paths: `*`, `?` and `**`. Pure text matching, used by
//! the configuration (file patterns) and by reconciliation (service patterns).

/// One piece of a compiled pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// This character exactly.
    Literal(char),
    /// `?`: one character other than `/`.
    One,
    /// `*`: any run of characters other than `/`.
    Star,
    /// `**` not followed by `/`: any run of characters, `/` included.
    Anything,
    /// `**/`: zero or more whole folders.
    Folders,
}

fn tokens(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                while chars.get(i) == Some(&'*') {
                    i += 1;
                }
                if chars.get(i) == Some(&'/') {
                    i += 1;
                    out.push(Token::Folders);
                } else {
                    out.push(Token::Anything);
                }
                continue;
            }
            '*' => out.push(Token::Star),
            '?' => out.push(Token::One),
            c => out.push(Token::Literal(c)),
        }
        i += 1;
    }
    out
}

/// True if `text` (a relative path with `/` separators) matches `pattern`:
/// `*` is any run of characters within one path component, `?` one character other than `/`,
/// `**` any run across components, and `**/` zero or more whole folders
/// (`factures/**/*.json` matches `factures/a.json` and `factures/2024/ovh/a.json`).
/// Every other character, `[` included, stands for itself; the match is case-sensitive.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let pattern = tokens(pattern);
    let text: Vec<char> = text.chars().collect();
    let (np, nt) = (pattern.len(), text.len());
    // matches[i * (nt + 1) + j]: pattern[i..] matches text[j..]. Filled from the end.
    let width = nt + 1;
    let mut matches = vec![false; (np + 1) * width];
    matches[np * width + nt] = true;
    for i in (0..np).rev() {
        for j in (0..=nt).rev() {
            let next = |k: usize| matches[(i + 1) * width + k];
            let here = |k: usize| matches[i * width + k];
            let current = text.get(j).copied();
            let value = match pattern[i] {
                Token::Literal(c) => current == Some(c) && next(j + 1),
                Token::One => current.is_some_and(|c| c != '/') && next(j + 1),
                Token::Star => next(j) || (current.is_some_and(|c| c != '/') && here(j + 1)),
                Token::Anything => next(j) || (current.is_some() && here(j + 1)),
                Token::Folders => next(j) || (j..nt).any(|k| text[k] == '/' && next(k + 1)),
            };
            matches[i * width + j] = value;
        }
    }
    matches[0]
}
