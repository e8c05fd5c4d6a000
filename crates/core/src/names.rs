//! Whether two clients' names are close enough to warn that one may be a duplicate of the other.
//!
//! The database finds the clients who share a date of birth; this module only judges their names.
//! Sharing a date of birth makes twins the likeliest false match, so the rules lean cautious:
//!
//! - A [`NameKey`] keeps each name as written, only folded (case, accents, apostrophes, an Irish
//!   "O" or "Mc"/"Mac" written apart). Spelling variants are looked up when two keys are compared,
//!   not stored in the key, so that [`compare`] can still tell [`NameMatch::Same`] from
//!   [`NameMatch::Variant`] when the warning is worded.
//! - Accents are folded by a hand-written table: `std` has no Unicode decomposition, and letters
//!   such as ł, ø and ß do not decompose anyway. Letters outside the table are kept as written, so
//!   a name in another script still matches itself.
//! - Variants are a `match` over groups of one name's spellings and transliterations
//!   (Mohammed/Muhammad, Sergei/Serhiy). Translations (Andrzej/Andrew) and nicknames (Bill/William)
//!   are left out: they are different written names and would add false matches.
//! - Typing slips are restricted Damerau–Levenshtein edits within one word: none for words under
//!   five letters (so Ann/Anna and John/Jane differ), one for five to eight, two for nine or more,
//!   counted on the shorter word. Given names whose endings differ only in a vowel
//!   (Daniel/Daniela, Louis/Louise, Francis/Frances) are brothers' and sisters' names, not slips.
//! - A missing part (a middle name, half of a double-barrelled name) counts only when every word of
//!   the shorter name is in the longer, so "Muhammad Hassan" and "Muhammad Hussain" stay apart.
//! - Irish and English forms of a name are not listed: O'Brien/Ó Briain is two edits on six
//!   letters, so it is not close, though Ó Brien and O'Brien are the same.
//! - A swap of given and family names must otherwise be exact, allowing only a known variant.

/// A name made comparable: lower-case words with Latin accents folded to ASCII, apostrophes
/// dropped, and an Irish "O" or "Mc"/"Mac" written apart joined to the word after it. Spelling
/// variants are left as written and looked up by [`compare`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    /// The given names' words, in order.
    pub given: Vec<String>,
    /// The family name's words, in order (two for a double-barrelled name).
    pub family: Vec<String>,
}

impl NameKey {
    /// Normalises a given name (may hold several words) and a family name.
    pub fn new(given: &str, family: &str) -> NameKey {
        NameKey { given: words(given), family: words(family) }
    }

    fn is_empty(&self) -> bool {
        self.given.is_empty() && self.family.is_empty()
    }
}

/// Why two names were judged close, for the person reading the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same once accents, case, spaces, hyphens and apostrophes are set aside.
    Same,
    /// The same with given and family names swapped.
    Swapped,
    /// The same allowing a known spelling variant (Mohammed/Muhammad) or a Mc/Mac prefix.
    Variant,
    /// One or two letters differ, or one name has a part the other lacks (a middle name, half of a
    /// double-barrelled name).
    Close,
}

/// Whether two names are likely the same person's, and why. `None` when they are not close.
pub fn compare(a: &NameKey, b: &NameKey) -> Option<NameMatch> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let straight = match (part(&a.given, &b.given, Part::Given), part(&a.family, &b.family, Part::Family)) {
        (Some(g), Some(f)) => Some(weaker(g, f)),
        _ => None,
    };
    if matches!(straight, Some(NameMatch::Same | NameMatch::Variant)) {
        return straight;
    }
    if exact(&a.given, &b.family).is_some() && exact(&a.family, &b.given).is_some() {
        return Some(NameMatch::Swapped);
    }
    straight
}

/// Which part of a name is being compared; only given names have gendered endings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Given,
    Family,
}

/// The weaker of two parts' results (neither is `Swapped`).
fn weaker(a: NameMatch, b: NameMatch) -> NameMatch {
    if a == NameMatch::Close || b == NameMatch::Close {
        NameMatch::Close
    } else if a == NameMatch::Variant || b == NameMatch::Variant {
        NameMatch::Variant
    } else {
        NameMatch::Same
    }
}

/// Compares one part (given or family) of two names. A part empty on both sides is the same.
fn part(a: &[String], b: &[String], kind: Part) -> Option<NameMatch> {
    if let Some(m) = exact(a, b) {
        return Some(m);
    }
    if a.is_empty() || b.is_empty() {
        return None;
    }
    (contained(a, b) || slipped(a, b, kind)).then_some(NameMatch::Close)
}

/// `Same` when the words run together are equal, `Variant` when they are equal once each word is
/// replaced by its canonical spelling.
fn exact(a: &[String], b: &[String]) -> Option<NameMatch> {
    if a.is_empty() || b.is_empty() {
        return (a.is_empty() && b.is_empty()).then_some(NameMatch::Same);
    }
    if joined(a).eq(joined(b)) {
        Some(NameMatch::Same)
    } else if joined_canon(a).eq(joined_canon(b)) {
        Some(NameMatch::Variant)
    } else {
        None
    }
}

/// The words run together.
fn joined(words: &[String]) -> impl Iterator<Item = char> {
    words.iter().flat_map(|w| w.chars())
}

/// The words in canonical spelling, run together.
fn joined_canon(words: &[String]) -> impl Iterator<Item = char> {
    words.iter().flat_map(|w| canon(w)).flat_map(str::chars)
}

/// Every word of the shorter name appears in the longer (a dropped middle name or half of a
/// double-barrelled name), or both hold the same words in another order.
fn contained(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    short.iter().all(|s| {
        let found = long.iter().zip(&used).position(|(l, taken)| !taken && same_word(s, l));
        if let Some(i) = found {
            used[i] = true;
        }
        found.is_some()
    })
}

/// Same number of words, each the same or a small typing slip away.
fn slipped(a: &[String], b: &[String], kind: Part) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y) || slip(x, y, kind))
}

fn same_word(a: &str, b: &str) -> bool {
    canon(a).into_iter().flat_map(str::chars).eq(canon(b).into_iter().flat_map(str::chars))
}

/// Whether two words are a small edit apart, as written or in canonical spelling.
fn slip(a: &str, b: &str, kind: Part) -> bool {
    let chars = |w: &str| w.chars().collect::<Vec<char>>();
    let canonical = |w: &str| canon(w).into_iter().flat_map(str::chars).collect::<Vec<char>>();
    small_edit(&chars(a), &chars(b), kind) || small_edit(&canonical(a), &canonical(b), kind)
}

fn small_edit(a: &[char], b: &[char], kind: Part) -> bool {
    let allowed = match a.len().min(b.len()) {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    allowed > 0
        && a.len().abs_diff(b.len()) <= allowed
        && edit_distance(a, b) <= allowed
        && !(kind == Part::Given && gendered_pair(a, b))
}

/// Words whose last one or two letters differ only in vowels, where a last vowel is added or
/// changed (Daniel/Daniela, Louis/Louise, Mario/Maria, Alexander/Alexandra) or a vowel is changed
/// (Francis/Frances). A vowel only dropped before the last letter (Mohammed/Mohammd) is a slip.
fn gendered_pair(a: &[char], b: &[char]) -> bool {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[common..], &b[common..]);
    let vowel = |c: &char| "aeiou".contains(*c);
    let consonants = |r: &[char]| r.iter().filter(|c| !vowel(c)).copied().collect::<Vec<char>>();
    let ends_in_vowel = |r: &[char]| r.last().is_some_and(vowel);
    ra.len() <= 2
        && rb.len() <= 2
        && consonants(ra) == consonants(rb)
        && (ends_in_vowel(ra) || ends_in_vowel(rb) || ra.len() == rb.len())
}

/// Restricted Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
/// substitutions and swaps of two adjacent letters each cost one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A word's canonical spelling, in up to two pieces to be read one after the other.
fn canon(word: &str) -> [&str; 2] {
    if let Some(c) = variant_of(word) {
        return [c, ""];
    }
    // A prefix spelt two ways; the rest must be a real word (three letters or more), not "Mack".
    for (from, to) in [("mac", "mc"), ("abdel", "abdul"), ("abdal", "abdul")] {
        if let Some(rest) = word.strip_prefix(from) {
            if rest.len() >= 3 {
                return [to, rest];
            }
        }
    }
    [word, ""]
}

/// Builds `variant_of`, a `match` from each spelling to its group's canonical (first) spelling. A
/// spelling listed twice is an unreachable pattern, which the build rejects.
macro_rules! variant_groups {
    ($($canon:literal: $($v:literal)|+;)*) => {
        fn variant_of(word: &str) -> Option<&'static str> {
            match word {
                $($canon $(| $v)+ => Some($canon),)*
                _ => None,
            }
        }

        #[cfg(test)]
        const VARIANT_GROUPS: &[&[&str]] = &[$(&[$canon $(, $v)+]),*];
    };
}

// Spellings and transliterations of one name each, as folded words. Ali and Wojciech have no
// variants here; Katarzyna/Katharina/Catherine and Andrzej/Andrew are different names.
variant_groups! {
    "muhammad": "mohammed" | "mohamed" | "mohammad" | "mohamad" | "muhammed" | "mohammod" | "mahomed"
        | "muhamad" | "muhamed" | "mohamud" | "md" | "mohd";
    "ahmed": "ahmad";
    "mustafa": "mustapha" | "moustafa" | "mostafa";
    "yusuf": "yousef" | "youssef" | "yusef" | "yousuf" | "yousif" | "yousaf";
    "hussain": "hussein" | "husain" | "hossain" | "husein";
    "abdul": "abdel" | "abdal";
    "abdullah": "abdulla";
    "ibrahim": "ebrahim" | "ibraheem";
    "usman": "osman" | "uthman" | "othman";
    "sulaiman": "suleiman" | "suleyman" | "sulayman" | "suleman";
    "hamza": "hamzah";
    "aisha": "ayesha" | "aysha" | "aishah" | "ayisha";
    "fatima": "fatimah" | "fatema";
    "khadija": "khadijah";
    "zainab": "zaynab";
    "maryam": "mariam";
    "alexander": "aleksandr" | "aleksander" | "oleksandr" | "alexandr" | "aleksandar" | "olexandr";
    "alexei": "aleksei" | "alexey" | "aleksey" | "oleksii" | "oleksiy";
    "sergei": "sergey" | "serhiy" | "serhii" | "sergiy" | "sergej";
    "yuri": "yury" | "iurii" | "yuriy" | "yurii";
    "dmitri": "dmitry" | "dmitriy" | "dmitrij";
    "mikhail": "michail" | "mihail";
    "yevgeny": "evgeny" | "evgeniy" | "yevgeniy" | "yevhen";
    "natalia": "natalya" | "nataliya";
    "tatiana": "tatyana" | "tetiana";
    "catherine": "katherine" | "kathryn" | "catharine" | "katharine" | "cathryn";
    "stephen": "steven";
    "john": "jon";
    "sean": "shaun" | "shawn";
    "aidan": "aiden" | "ayden";
    "siobhan": "shivaun";
    "niamh": "neve" | "neave";
    "lewis": "louis";
    "jacob": "jakub" | "yakub" | "jakob" | "yaqub";
}

/// Splits a name into folded words and joins a lone "o", "mc" or "mac" to the word after it.
fn words(name: &str) -> Vec<String> {
    let mut split: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Fold::Char(c) => word.push(c),
            Fold::Str(s) => word.push_str(s),
            Fold::Drop => {}
            Fold::Break => {
                if !word.is_empty() {
                    split.push(std::mem::take(&mut word));
                }
            }
        }
    }
    if !word.is_empty() {
        split.push(word);
    }

    let mut joined: Vec<String> = Vec::with_capacity(split.len());
    let mut glue = false;
    for w in split {
        if glue {
            if let Some(last) = joined.last_mut() {
                last.push_str(&w);
                glue = false;
                continue;
            }
        }
        glue = matches!(w.as_str(), "o" | "mc" | "mac");
        joined.push(w);
    }
    joined
}

/// What one lower-case character becomes in a word.
enum Fold {
    Char(char),
    Str(&'static str),
    /// Vanishes, joining its neighbours: apostrophes, combining accents, invisible characters.
    Drop,
    /// Ends a word: spaces, hyphens, dots and other punctuation.
    Break,
}

/// Latin letters used in names common in the UK (Irish, Polish, Romanian, Portuguese, Turkish,
/// Nordic, French, German, Spanish, Czech, Slovak, Lithuanian, Latvian, Hungarian, Croatian,
/// Maltese, Welsh) folded to plain ASCII. German ä, ö, ü fold to a, o, u, not ae, oe, ue.
fn fold(c: char) -> Fold {
    match c {
        'a'..='z' | '0'..='9' => Fold::Char(c),
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => Fold::Char('a'),
        'æ' => Fold::Str("ae"),
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => Fold::Char('c'),
        'ď' | 'đ' | 'ð' => Fold::Char('d'),
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ə' => Fold::Char('e'),
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => Fold::Char('g'),
        'ĥ' | 'ħ' => Fold::Char('h'),
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => Fold::Char('i'),
        'ĳ' => Fold::Str("ij"),
        'ĵ' => Fold::Char('j'),
        'ķ' => Fold::Char('k'),
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => Fold::Char('l'),
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => Fold::Char('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ǒ' => Fold::Char('o'),
        'œ' => Fold::Str("oe"),
        'ŕ' | 'ŗ' | 'ř' => Fold::Char('r'),
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => Fold::Char('s'),
        'ß' => Fold::Str("ss"),
        'ţ' | 'ť' | 'ŧ' | 'ț' => Fold::Char('t'),
        'þ' => Fold::Str("th"),
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' => Fold::Char('u'),
        'ŵ' => Fold::Char('w'),
        'ý' | 'ÿ' | 'ŷ' => Fold::Char('y'),
        'ź' | 'ż' | 'ž' => Fold::Char('z'),
        // Straight, curly and modifier apostrophes, the backtick, acute accent and prime.
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}' | '\u{2032}' => {
            Fold::Drop
        }
        // Combining accents (decomposed input; Turkish İ lower-cases to i and one of these), the
        // soft hyphen and zero-width characters.
        '\u{0300}'..='\u{036F}' | '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}' => Fold::Drop,
        c if c.is_alphanumeric() => Fold::Char(c),
        _ => Fold::Break,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NameMatch::{Close, Same, Swapped, Variant};

    type Name = (&'static str, &'static str);

    /// Pairs that are the same person, and why.
    const MATCHES: &[(Name, Name, NameMatch)] = &[
        // Accents and case, one row per language in the fold table.
        (("Zoë", "Smith"), ("Zoe", "Smith"), Same),
        (("JOSÉ", "GARCÍA"), ("Jose", "Garcia"), Same),
        (("Łukasz", "Wiśniewski"), ("Lukasz", "Wisniewski"), Same),
        (("Ciarán", "Murphy"), ("Ciaran", "MURPHY"), Same),
        (("Jürgen", "Großmann"), ("Jurgen", "Grossmann"), Same),
        (("Søren", "Ærø"), ("Soren", "Aero"), Same),
        (("Ștefan", "Ţepeş"), ("Stefan", "Tepes"), Same),
        (("İbrahim", "Yılmaz"), ("Ibrahim", "Yilmaz"), Same),
        (("Jiří", "Dvořák"), ("Jiri", "Dvorak"), Same),
        (("Žydrūnas", "Ilgauskas"), ("Zydrunas", "Ilgauskas"), Same),
        (("Gergő", "Kovács"), ("Gergo", "Kovacs"), Same),
        (("João", "Gonçalves"), ("Joao", "Goncalves"), Same),
        (("Begoña", "Muñoz"), ("Begona", "Munoz"), Same),
        (("Anaïs", "Lefèvre"), ("Anais", "Lefevre"), Same),
        (("Zoe\u{308}", "Smith"), ("Zoe", "Smith"), Same),
        // Hyphens, spaces and apostrophes.
        (("Anna", "Smith-Jones"), ("Anna", "Smith Jones"), Same),
        (("Anna", "Smith-Jones"), ("Anna", "SmithJones"), Same),
        (("Mary Ann", "Smith"), ("Mary-Ann", "Smith"), Same),
        (("Mary Ann", "Smith"), ("Maryann", "Smith"), Same),
        (("Liam", "O'Brien"), ("Liam", "OBrien"), Same),
        (("Liam", "O’Brien"), ("Liam", "O Brien"), Same),
        (("Liam", "Oʼbrien"), ("Liam", "O‘Brien"), Same),
        (("Ciara", "O'Neill"), ("Ciara", "Ó Néill"), Same),
        (("Ciara", "ONeill"), ("Ciara", "O Neill"), Same),
        (("Ewan", "McDonald"), ("Ewan", "Mc Donald"), Same),
        (("", "Suharto"), ("", "SUHARTO"), Same),
        // Mc/Mac.
        (("Ewan", "McDonald"), ("Ewan", "MacDonald"), Variant),
        (("Ewan", "Mc Donald"), ("Ewan", "Mac Donald"), Variant),
        (("Ewan", "McDonald"), ("Ewan", "Mac Donald"), Variant),
        // Known variants of given and family names.
        (("Mohammed", "Khan"), ("Muhammad", "Khan"), Variant),
        (("Mohamed", "Khan"), ("Md", "Khan"), Variant),
        (("Mohd", "Rahman"), ("Mohammad", "Rahman"), Variant),
        (("Mahomed", "Patel"), ("Muhammed", "Patel"), Variant),
        (("Md Abdul", "Karim"), ("Mohammed Abdul", "Karim"), Variant),
        (("Ahmad", "Hussain"), ("Ahmed", "Hussein"), Variant),
        (("Mustapha", "Osman"), ("Mustafa", "Usman"), Variant),
        (("Yousef", "Ibrahim"), ("Yusuf", "Ebrahim"), Variant),
        (("Abdul", "Suleiman"), ("Abdel", "Sulaiman"), Variant),
        (("Abdelrahman", "Ali"), ("Abdul Rahman", "Ali"), Variant),
        (("Oleksandr", "Kovalenko"), ("Aleksandr", "Kovalenko"), Variant),
        (("Alexander", "Kovalenko"), ("Aleksander", "Kovalenko"), Variant),
        (("Sergey", "Ivanov"), ("Serhiy", "Ivanov"), Variant),
        (("Yuri", "Petrov"), ("Iurii", "Petrov"), Variant),
        (("Dmitry", "Volkov"), ("Dmitri", "Volkov"), Variant),
        (("Mikhail", "Sokolov"), ("Michail", "Sokolov"), Variant),
        (("Catherine", "Jones"), ("Kathryn", "Jones"), Variant),
        (("Stephen", "Hughes"), ("Steven", "Hughes"), Variant),
        (("Jon", "Snow"), ("John", "Snow"), Variant),
        (("Seán", "Kelly"), ("Shaun", "Kelly"), Variant),
        (("Aiden", "Walsh"), ("Ayden", "Walsh"), Variant),
        (("Siobhán", "Byrne"), ("Shivaun", "Byrne"), Variant),
        (("Niamh", "Doyle"), ("Neve", "Doyle"), Variant),
        (("Lewis", "Grant"), ("Louis", "Grant"), Variant),
        (("Jakub", "Nowak"), ("Jacob", "Nowak"), Variant),
        // Swapped given and family names, with or without a variant.
        (("Chen", "Wei"), ("Wei", "Chen"), Swapped),
        (("Ahmed", "Ali"), ("Ali", "Ahmad"), Swapped),
        (("Madonna", ""), ("", "Madonna"), Swapped),
        // Typing slips.
        (("Adam", "Nowak"), ("Adam", "Novak"), Close),
        (("Chris", "Evans"), ("Chris", "Evens"), Close),
        (("Jessica", "Thompson"), ("Jessica", "Thomspon"), Close),
        (("Elizabeth", "Brown"), ("Elisabeht", "Brown"), Close),
        (("Charlotte", "Fitzgerald"), ("Charlotte", "Fitsgerrald"), Close),
        (("Hannah", "Green"), ("Hanna", "Green"), Close),
        (("Rachel", "Moore"), ("Rachael", "Moore"), Close),
        (("Michael", "Ward"), ("Micheal", "Ward"), Close),
        (("Patrick", "O'Briain"), ("Patrick", "Ó Briain"), Same),
        (("Patrick", "O'Brien"), ("Patrick", "Ó Brien"), Same),
        (("Mohammed", "Khan"), ("Mohammd", "Khan"), Close),
        // A part one name lacks.
        (("Mary Ann", "Smith"), ("Mary", "Smith"), Close),
        (("John Paul", "Murphy"), ("Paul", "Murphy"), Close),
        (("Md Rahim", "Uddin"), ("Rahim", "Uddin"), Close),
        (("Muhammad Ali", "Khan"), ("Mohammed", "Khan"), Close),
        (("Sophie", "Smith-Jones"), ("Sophie", "Smith"), Close),
        (("Sophie", "Smith-Jones"), ("Sophie", "Jones"), Close),
        (("Sophie", "Jones-Smith"), ("Sophie", "Smith-Jones"), Close),
        (("Mary Ann", "Smith-Jones"), ("Mary", "Smith"), Close),
    ];

    /// Pairs that are different people, and why they must stay apart.
    const DIFFERENT: &[(Name, Name, &str)] = &[
        (("John", "Smith"), ("Jane", "Smith"), "short names allow no slip"),
        (("Mohammed", "Khan"), ("Mahmood", "Khan"), "different names"),
        (("Ann", "Lee"), ("Anna", "Lee"), "short names allow no slip"),
        (("Sean", "Murphy"), ("Sinead", "Murphy"), "different names"),
        (("Li", "Wei"), ("Li", "Na"), "different family names"),
        (("Aaron", "Brown"), ("Sharon", "Brown"), "two edits on five letters"),
        (("Daniel", "Jones"), ("Danielle", "Jones"), "two edits on six letters"),
        (("Louis", "Martin"), ("Louise", "Martin"), "gendered ending"),
        (("Francis", "Kelly"), ("Frances", "Kelly"), "gendered ending"),
        (("Mario", "Rossi"), ("Maria", "Rossi"), "gendered ending"),
        (("Alexander", "Ivanov"), ("Alexandra", "Ivanov"), "gendered ending"),
        (("Christian", "Lang"), ("Christina", "Lang"), "gendered ending"),
        (("Julian", "Price"), ("Juliana", "Price"), "gendered ending"),
        (("Michael", "Brown"), ("Michaela", "Brown"), "gendered ending"),
        (("Oliver", "Smith"), ("Olivia", "Smith"), "two edits on six letters"),
        (("Hassan", "Ali"), ("Hussain", "Ali"), "different names"),
        (("Muhammad Hassan", "Khan"), ("Muhammad Hussain", "Khan"), "different middle names"),
        (("Katarzyna", "Nowak"), ("Katherine", "Nowak"), "different names"),
        (("Katharina", "Weber"), ("Catherine", "Weber"), "different names"),
        (("Andrzej", "Kowalski"), ("Andrew", "Kowalski"), "translation, not a spelling"),
        (("William", "Jones"), ("Bill", "Jones"), "nickname"),
        (("Emma", "Wilson"), ("Emily", "Wilson"), "different names"),
        (("Ryan", "Hughes"), ("Bryan", "Hughes"), "short names allow no slip"),
        (("Jon", "Smith"), ("Joan", "Smith"), "short names allow no slip"),
        (("Ewan", "McDonald"), ("Ewan", "Donald"), "Mc is part of the name"),
        (("Adam", "Nowak"), ("Adam", "Nowakowski"), "different family names"),
        (("Chen", "Wei"), ("Wei", "Chan"), "a swap must be exact"),
        (("Tom", "Smith"), ("Smith", "Tomas"), "a swap must be exact"),
        (("Patrick", "O'Brien"), ("Patrick", "Ó Briain"), "two edits on six letters; Irish forms not listed"),
        (("", "Smith"), ("John", "Smith"), "given name missing on one side"),
        (("", ""), ("", ""), "empty names never match"),
        (("  ", "-'"), ("  ", "-'"), "empty names never match"),
        (("", ""), ("John", "Smith"), "empty names never match"),
    ];

    fn key(n: Name) -> NameKey {
        NameKey::new(n.0, n.1)
    }

    #[test]
    fn matching_pairs() {
        assert!(MATCHES.len() >= 40);
        let wrong: Vec<String> = MATCHES
            .iter()
            .filter_map(|&(a, b, want)| {
                let got = compare(&key(a), &key(b));
                (got != Some(want)).then(|| format!("{a:?} vs {b:?}: want {want:?}, got {got:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn different_pairs() {
        assert!(DIFFERENT.len() >= 20);
        let wrong: Vec<String> = DIFFERENT
            .iter()
            .filter_map(|&(a, b, why)| {
                let got = compare(&key(a), &key(b));
                got.map(|m| format!("{a:?} vs {b:?} ({why}): got {m:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn symmetric() {
        let pairs = MATCHES.iter().map(|&(a, b, _)| (a, b)).chain(DIFFERENT.iter().map(|&(a, b, _)| (a, b)));
        for (a, b) in pairs {
            assert_eq!(compare(&key(a), &key(b)), compare(&key(b), &key(a)), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn keys() {
        let k = NameKey::new("  Mary-Ann  José ", "Mac Donald");
        assert_eq!(k.given, ["mary", "ann", "jose"]);
        assert_eq!(k.family, ["macdonald"]);
        let k = NameKey::new("Ó", "O’Neill-Mc Carthy");
        assert_eq!(k.given, ["o"]);
        assert_eq!(k.family, ["oneill", "mccarthy"]);
        assert_eq!(NameKey::new("ÆSA", "Straße").given, ["aesa"]);
        assert_eq!(NameKey::new("ÆSA", "Straße").family, ["strasse"]);
        assert!(NameKey::new(" '-. ", "").given.is_empty());
    }

    #[test]
    fn variant_table_is_folded_and_unique() {
        let mut seen: Vec<&str> = Vec::new();
        for group in VARIANT_GROUPS {
            for &v in *group {
                assert!(v.bytes().all(|b| b.is_ascii_lowercase()), "{v} is not a folded word");
                assert_eq!(NameKey::new(v, "").given, [v], "{v} does not fold to itself");
                assert_eq!(variant_of(v), Some(group[0]), "{v} maps outside its group");
                assert!(!seen.contains(&v), "{v} is in two groups");
                seen.push(v);
            }
        }
    }

    #[test]
    fn distances() {
        let d =
            |a: &str, b: &str| edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("thompson", "thomspon"), 1);
        assert_eq!(d("nowak", "novak"), 1);
        assert_eq!(d("daniel", "danielle"), 2);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("ca", "abc"), 3);
    }
}
