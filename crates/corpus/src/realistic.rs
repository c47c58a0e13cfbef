//! A realistic long post: what an author of a technical or travel blog writes.
//!
//! Each section has paragraphs with emphasis, links, inline code and footnote references,
//! a subsection, and in turn a numbered list with nested items, a table, code in one of
//! eight languages, an image with a caption, a block quote, a CJK paragraph and the
//! section's footnotes. No two sections are the same: the words, the table's cells and
//! the code change with a seeded generator, so no cache sees a block twice.

use std::fmt::Write as _;

const VOCABULARY: &[&str] = &[
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "harbour",
    "morning",
    "ferry",
    "notebook",
    "writer",
    "draft",
    "island",
    "light",
    "market",
    "bread",
    "coffee",
    "letter",
    "train",
    "station",
    "window",
    "garden",
    "rain",
    "street",
    "editor",
    "chapter",
    "lantern",
    "road",
    "mountain",
    "village",
    "river",
    "bridge",
    "evening",
    "table",
    "kitchen",
    "compiler",
    "function",
    "library",
    "server",
    "request",
    "cache",
    "memory",
    "thread",
    "build",
    "release",
    "version",
    "quietly",
    "slowly",
    "carefully",
    "again",
    "later",
    "before",
    "after",
    "under",
    "over",
    "between",
    "small",
    "old",
    "new",
    "bright",
    "narrow",
    "patient",
    "steady",
    "warm",
    "cold",
    "green",
    "was",
    "is",
    "keeps",
    "found",
    "wrote",
    "measured",
    "walked",
    "opened",
    "closed",
    "waited",
    "learned",
    "tested",
    "carried",
    "folded",
    "noticed",
    "we",
    "she",
    "they",
    "every",
    "each",
    "some",
    "most",
    "few",
];

const CJK: &[&str] = &[
    "朝の港は静かで、小さな船がゆっくりと岸を離れていった。",
    "彼女は毎晩ノートを開き、その日に見たものを短い文で書き留めている。",
    "雨の午後は古い本を読みながら温かいお茶を飲むのがいちばんだ。",
    "清晨的河边很安静，只有几只鸟在桥边的树上唱歌。",
    "他把每天的想法都写进一本小小的笔记本，从不间断。",
    "写作需要耐心，也需要每天坚持一点点，哪怕只有一句话。",
    "오늘은 바람이 조금 불었지만 하늘은 맑고 바다는 잔잔했다。",
    "駅前の市場では、季節の果物が山のように積まれていた。",
];

const LANGUAGES: &[&str] = &[
    "rust",
    "python",
    "typescript",
    "sql",
    "bash",
    "toml",
    "go",
    "json",
];

/// A small deterministic generator (xorshift64*): the same post on every run and machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        VOCABULARY[self.below(VOCABULARY.len())]
    }
}

/// The text being written and the words in it so far (CJK characters count one each).
struct Page {
    out: String,
    words: usize,
    dice: Dice,
    /// Footnotes referenced in this section, defined at its end.
    notes: Vec<usize>,
    next_note: usize,
}

impl Page {
    /// A sentence of 6 to 22 words, some marked up as authors do.
    fn sentence(&mut self) {
        let len = 6 + self.dice.below(17);
        for i in 0..len {
            let word = self.dice.word();
            let mark = self.dice.below(40);
            let text = if i == 0 {
                let mut c = word.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            } else {
                word.to_string()
            };
            match mark {
                0 => write!(self.out, "**{text}**"),
                1 => write!(self.out, "*{text}*"),
                2 => write!(self.out, "`{text}()`"),
                3 => write!(
                    self.out,
                    "[{text}](https://example.org/{}/{word})",
                    self.dice.below(1000)
                ),
                _ => write!(self.out, "{text}"),
            }
            .expect("writing to a String");
            self.words += 1;
            if i + 1 < len {
                self.out
                    .push(if self.dice.below(12) == 0 { ',' } else { ' ' });
                if self.out.ends_with(',') {
                    self.out.push(' ');
                }
            }
        }
        if self.dice.below(14) == 0 {
            self.next_note += 1;
            self.notes.push(self.next_note);
            let _ = write!(self.out, "[^{}]", self.next_note);
        }
        self.out.push_str(". ");
    }

    fn paragraph(&mut self, sentences: usize) {
        for _ in 0..sentences {
            self.sentence();
        }
        self.out.pop();
        self.out.push_str("\n\n");
    }

    fn words_inline(&mut self, n: usize) -> String {
        let words: Vec<&str> = (0..n).map(|_| self.dice.word()).collect();
        self.words += n;
        words.join(" ")
    }

    fn heading(&mut self, level: usize, section: usize) {
        let n = 2 + self.dice.below(4);
        let title = self.words_inline(n);
        let _ = write!(self.out, "{} {title} {section}\n\n", "#".repeat(level));
    }

    fn numbered_list(&mut self) {
        for i in 1..=3 + self.dice.below(4) {
            let n = 4 + self.dice.below(10);
            let item = self.words_inline(n);
            let _ = writeln!(self.out, "{i}. {item}");
            if self.dice.below(2) == 0 {
                for _ in 0..2 {
                    let n = 3 + self.dice.below(6);
                    let sub = self.words_inline(n);
                    let _ = writeln!(self.out, "   - {sub}");
                    if self.dice.below(3) == 0 {
                        let n = 3 + self.dice.below(5);
                        let deeper = self.words_inline(n);
                        let _ = writeln!(self.out, "     - `{deeper}`");
                    }
                }
            }
        }
        self.out.push('\n');
    }

    fn table(&mut self, section: usize) {
        let cols = 3 + self.dice.below(4);
        let head: Vec<String> = (0..cols).map(|_| self.words_inline(1)).collect();
        let _ = writeln!(self.out, "| {} |", head.join(" | "));
        let _ = writeln!(self.out, "|{}", ":---|".repeat(cols));
        for row in 0..4 + self.dice.below(6) {
            let mut cells = vec![format!("{}.{row}", section)];
            for _ in 1..cols {
                cells.push(if self.dice.below(3) == 0 {
                    format!("{} ms", self.dice.below(10_000))
                } else {
                    let n = 1 + self.dice.below(3);
                    self.words_inline(n)
                });
            }
            let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        }
        self.out.push('\n');
    }

    fn code(&mut self, section: usize) {
        let lang = LANGUAGES[section % LANGUAGES.len()];
        let n = self.dice.below(1000);
        let name = self.dice.word();
        let body = match lang {
            "rust" => format!(
                "/// Section {section}.\nfn {name}_{n}(items: &[u32]) -> u32 {{\n    let mut total = 0;\n    for item in items.iter().filter(|i| **i > {n}) {{\n        total += item * 2; // doubled\n    }}\n    total\n}}\n"
            ),
            "python" => format!(
                "def {name}_{n}(rows):\n    \"\"\"Section {section}.\"\"\"\n    seen = {{}}\n    for row in rows:\n        if row.get(\"size\", 0) > {n}:\n            seen[row[\"id\"]] = row\n    return sorted(seen.values(), key=lambda r: r[\"size\"])\n"
            ),
            "typescript" => format!(
                "export async function {name}{n}(url: string): Promise<number> {{\n  const reply = await fetch(`${{url}}/{section}`);\n  if (!reply.ok) throw new Error(`status ${{reply.status}}`);\n  const data: {{ count: number }} = await reply.json();\n  return data.count + {n};\n}}\n"
            ),
            "sql" => format!(
                "SELECT p.id, p.title, count(r.id) AS revisions\nFROM posts p\nLEFT JOIN revisions r ON r.post_id = p.id\nWHERE p.words > {n} AND p.title LIKE '%{name}%'\nGROUP BY p.id\nORDER BY revisions DESC\nLIMIT {section};\n"
            ),
            "bash" => format!(
                "#!/usr/bin/env bash\nset -euo pipefail\nfor f in content/{name}/*.md; do\n  wc -w \"$f\" | awk '$1 > {n} {{ print $2 }}'\ndone\necho \"section {section} done\"\n"
            ),
            "toml" => format!(
                "[package]\nname = \"{name}-{section}\"\nversion = \"0.{n}.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n"
            ),
            "go" => format!(
                "package main\n\nimport \"fmt\"\n\nfunc {name}{n}(xs []int) int {{\n\tsum := 0\n\tfor _, x := range xs {{\n\t\tsum += x * {section}\n\t}}\n\tfmt.Println(\"sum\", sum)\n\treturn sum\n}}\n"
            ),
            _ => format!(
                "{{\n  \"section\": {section},\n  \"name\": \"{name}\",\n  \"limits\": [{n}, {}, {}],\n  \"enabled\": true\n}}\n",
                n * 2,
                n * 3
            ),
        };
        let _ = write!(self.out, "```{lang}\n{body}```\n\n");
    }

    fn image(&mut self, section: usize) {
        let alt = self.words_inline(3);
        let caption = self.words_inline(6);
        let _ = write!(
            self.out,
            "![{alt}](images/photo-{section}.jpg \"{alt}\")\n\n*{caption}*\n\n"
        );
    }

    fn quote(&mut self) {
        self.out.push_str("> ");
        self.sentence();
        self.sentence();
        self.out.pop();
        self.out.push_str("\n>\n> — ");
        let who = self.words_inline(2);
        self.out.push_str(&who);
        self.out.push_str("\n\n");
    }

    fn cjk(&mut self) {
        for _ in 0..3 + self.dice.below(3) {
            let s = CJK[self.dice.below(CJK.len())];
            self.words += s.chars().filter(|c| !c.is_ascii_punctuation()).count();
            self.out.push_str(s);
        }
        self.out.push_str("\n\n");
    }

    fn footnotes(&mut self) {
        for n in std::mem::take(&mut self.notes) {
            let _ = write!(self.out, "[^{n}]: ");
            self.sentence();
            self.out.pop();
            self.out.push('\n');
        }
        self.out.push('\n');
    }
}

/// A post of about `words` words (CJK characters counted one each), front matter included.
pub fn post(words: usize) -> String {
    let mut page = Page {
        out: String::from(
            "---\ntitle: Notes from a long season of writing\nauthor: Ada Quill\ndate: 2026-03-14\nlabel: Field notes\ntags: [travel, code, writing]\nsummary: A long post with every kind of block.\n---\n\n",
        ),
        words: 0,
        dice: Dice(0x9e37_79b9_7f4a_7c15 ^ words as u64),
        notes: Vec::new(),
        next_note: 0,
    };
    let mut section = 0;
    while page.words < words {
        section += 1;
        page.heading(2, section);
        let sentences = 3 + page.dice.below(4);
        page.paragraph(sentences);
        page.paragraph(4);
        page.numbered_list();
        page.heading(3, section);
        page.paragraph(5);
        match section % 4 {
            0 => page.table(section),
            1 => page.image(section),
            2 => page.quote(),
            _ => page.cjk(),
        }
        page.code(section);
        page.paragraph(3);
        if section % 3 == 0 {
            page.cjk();
        }
        if section % 2 == 0 {
            page.table(section + 1000);
        }
        page.footnotes();
    }
    page.out
}

/// Post `i` of a blog of posts like authors': 200 to 2,500 words of [`post`], under front
/// matter of its own (title, date, tags, summary, published), with `tail` appended (an
/// edit, in a benchmark). Uniform posts flatter an export: long ones cost more than
/// their share.
pub fn blog_post(i: usize, tail: &str) -> String {
    let words = 200 + (i * 7919) % 2_300;
    let text = post(words);
    let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
    format!(
        "---\ntitle: \"Post {i}: notes on building things\"\ndate: {}-{:02}-{:02}\ntags: [\"tag{}\", \"tag{}\", \"common\"]\nsummary: \"Summary of post {i}, about tools and time.\"\nstatus: published\n---\n\n{body}{tail}",
        2015 + i % 10,
        1 + i % 12,
        1 + i % 28,
        i % 50,
        i % 13
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_post_every_time_with_every_kind_of_block() {
        let text = post(10_000);
        assert_eq!(text, post(10_000));
        for needle in [
            "\n## ",
            "\n### ",
            "\n1. ",
            "\n   - ",
            "\n     - ",
            "\n| ",
            "```rust",
            "```python",
            "```sql",
            "![",
            "\n> ",
            "[^1]",
            "\n[^1]: ",
            "港",
            "河边",
        ] {
            assert!(text.contains(needle), "{needle:?} missing");
        }
        // About 7 bytes a word, as real long posts are.
        let per_word = text.len() as f64 / 10_000.0;
        assert!((5.0..10.0).contains(&per_word), "{per_word} bytes a word");
    }
}
