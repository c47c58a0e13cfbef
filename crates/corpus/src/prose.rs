//! Plain prose: sections of paragraphs and nothing else.

const VOCABULARY: &[&str] = &[
    "morning", "river", "quiet", "notebook", "bread", "harbour", "light", "walk",
];

/// A post of `words` words of prose, a section every 600 and a paragraph every 120.
pub fn post(words: usize) -> String {
    let mut out = String::from("---\ntitle: Long post\n---\n");
    for i in 0..words {
        if i % 600 == 0 {
            out.push_str(&format!("\n## Section {}\n\n", i / 600));
        } else if i % 120 == 0 {
            out.push_str("\n\n");
        }
        out.push_str(VOCABULARY[i % VOCABULARY.len()]);
        out.push(' ');
    }
    out.push('\n');
    out
}
