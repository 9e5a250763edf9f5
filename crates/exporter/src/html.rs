//! The `html` exporter: one self-contained page for the corpus, to read what the pipeline
//! found. Each article shows its metadata, then its text with entities, dates and times,
//! quantities and quotes highlighted and labelled in displaCy's colours, quotes linked to their
//! speakers. No scripts and no network fetches: the page works from a file, offline.

use std::cmp::Reverse;

use newsprint_core::{
    Annotation, AttrValue, BuildContext, BuildError, Document, Exporter, ExporterRegistration,
    OutputSchema, Span,
};

use crate::layers;

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "html",
        summary: "one self-contained page: each article with its entities, dates, quantities and quotes highlighted",
        extensions: &["html", "htm"],
        params: &[],
        build,
        origin: newsprint_core::origin!(),
    }
}

fn build(
    table: &toml::Table,
    _ctx: &BuildContext,
    _schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    layers::no_params(table)?;
    Ok(Box::new(HtmlExporter))
}

/// Writes a corpus as one HTML page.
#[derive(Debug, Clone, Copy)]
pub struct HtmlExporter;

/// displaCy's entity colours, so that the page reads like the views people know.
const COLOURS: &[(&str, &str)] = &[
    ("PERSON", "#aa9cfc"),
    ("NORP", "#c887fb"),
    ("FAC", "#9cc9cc"),
    ("ORG", "#7aecec"),
    ("GPE", "#feca74"),
    ("LOC", "#ff9561"),
    ("PRODUCT", "#bfeeb7"),
    ("EVENT", "#ffeb80"),
    ("WORK_OF_ART", "#f0d0ff"),
    ("LAW", "#ff8197"),
    ("LANGUAGE", "#ff8197"),
    ("DATE", "#bfe1d9"),
    ("TIME", "#bfe1d9"),
    ("DURATION", "#bfe1d9"),
    ("SET", "#bfe1d9"),
    ("MONEY", "#e4e7d2"),
    ("QUANTITY", "#e4e7d2"),
    ("PERCENT", "#e4e7d2"),
    ("CARDINAL", "#e4e7d2"),
    ("ORDINAL", "#e4e7d2"),
];

const STYLE: &str = "\
body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}\
body>header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5em 1.5em;z-index:1}\
h1{font-size:1.2em;margin:0 0 .3em}\
.legend span{display:inline-block;margin:0 .4em .2em 0;padding:0 .4em;border-radius:.3em;font-size:.8em}\
main{max-width:52em;margin:0 auto;padding:1em 1.5em}\
article{background:#fff;border:1px solid #e3e3e3;border-radius:.5em;margin:1.2em 0;padding:1em 1.5em}\
article h2{font-size:1.1em;margin:0}\
dl.meta{display:flex;flex-wrap:wrap;gap:.2em 1.2em;font-size:.8em;color:#666;margin:.3em 0 .8em}\
dl.meta dt{font-weight:600}dl.meta dd{margin:0}\
.text{white-space:pre-wrap}\
mark{padding:.1em .25em;border-radius:.3em;line-height:1.9;color:inherit}\
mark::after{content:attr(data-label);font-size:.6em;font-weight:700;margin-left:.35em;vertical-align:middle;opacity:.75}\
.quote{background:#fff7d6;border-bottom:2px solid #e6c200}\
.speaker{outline:2px solid #e6c200;border-radius:.2em}\
.cue{text-decoration:underline dotted #b59a00}\
a.to-speaker{text-decoration:none;font-size:.75em;margin-left:.2em;color:#b59a00}";

impl Exporter for HtmlExporter {
    fn header(&self, out: &mut Vec<u8>) {
        let mut s = String::from(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>newsprint</title>\n<style>",
        );
        s.push_str(STYLE);
        for (label, colour) in COLOURS {
            s.push_str(&format!(
                "mark[data-label=\"{label}\"]{{background:{colour}}}"
            ));
        }
        s.push_str("</style>\n</head>\n<body>\n<header><h1>newsprint</h1><div class=\"legend\">");
        for (label, colour) in COLOURS {
            s.push_str(&format!(
                "<span style=\"background:{colour}\">{label}</span>"
            ));
        }
        s.push_str(
            "<span class=\"quote\">quote</span><span class=\"speaker\">speaker</span>\
             <span class=\"cue\">cue</span></div></header>\n<main>\n",
        );
        out.extend_from_slice(s.as_bytes());
    }

    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        let anchor = format!("doc-{}", anchor_id(&doc.id));
        let mut s = format!("<article id=\"{anchor}\">\n<h2>");
        escape_into(&mut s, doc.meta.title.as_deref().unwrap_or(&doc.id));
        s.push_str("</h2>\n<dl class=\"meta\">");
        let id = [("id", Some(doc.id.as_str()))];
        for (key, value) in id.into_iter().chain(doc.meta.fields()) {
            if let (Some(value), false) = (value, key == "title") {
                s.push_str(&format!("<dt>{key}</dt><dd>"));
                escape_into(&mut s, value);
                s.push_str("</dd>");
            }
        }
        s.push_str("</dl>\n<div class=\"text\">");
        render_text(&mut s, &doc.text, &marks(doc, &anchor));
        s.push_str("</div>\n</article>\n");
        out.extend_from_slice(s.as_bytes());
    }

    fn footer(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"</main>\n</body>\n</html>\n");
    }
}

/// One highlighted stretch: its span and the HTML that opens and closes it.
struct Mark {
    span: Span,
    open: String,
    close: String,
}

/// The marks of a document: quotes with their speakers and cues, entities, timexes and
/// quantities.
fn marks(doc: &Document, anchor: &str) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (k, quote) in doc.layer("quotes").unwrap_or_default().iter().enumerate() {
        let speaker_id = format!("{anchor}-q{}-speaker", k + 1);
        let speaker = span_attr(quote, "speaker");
        let mut title = String::from("quote");
        let mut link = String::new();
        if let Some(sp) = speaker {
            title = format!("quote · speaker: {}", sp.slice(&doc.text));
            link =
                format!("<a class=\"to-speaker\" href=\"#{speaker_id}\" title=\"speaker\">↪</a>");
            marks.push(Mark {
                span: sp,
                open: format!("<span class=\"speaker\" id=\"{speaker_id}\">"),
                close: "</span>".into(),
            });
        }
        if let Some(cue) = span_attr(quote, "cue") {
            marks.push(Mark {
                span: cue,
                open: "<span class=\"cue\">".into(),
                close: "</span>".into(),
            });
        }
        let mut open = format!("<span class=\"quote\" id=\"{anchor}-q{}\" title=\"", k + 1);
        escape_into(&mut open, &title);
        open.push_str("\">");
        marks.push(Mark {
            span: quote.span,
            open,
            close: format!("{link}</span>"),
        });
    }
    for (layer, class) in [
        ("entities", "ent"),
        ("timexes", "timex"),
        ("quantities", "qty"),
    ] {
        for a in doc.layer(layer).unwrap_or_default() {
            let label = layers::label(a).unwrap_or(layer);
            let mut open = format!("<mark class=\"{class}\" data-label=\"");
            escape_into(&mut open, label);
            open.push('"');
            if let Some(value) = layers::value(a) {
                open.push_str(" title=\"");
                escape_into(&mut open, &value);
                open.push('"');
            }
            open.push('>');
            marks.push(Mark {
                span: a.span,
                open,
                close: "</mark>".into(),
            });
        }
    }
    marks
}

fn span_attr(a: &Annotation, key: &str) -> Option<Span> {
    match a.attr(key) {
        Some(AttrValue::Span(s)) => Some(*s),
        _ => None,
    }
}

/// Writes `text` with the marks nested: a mark inside another (an entity inside a quote) opens
/// inside it; one that crosses the end of an open mark is cut there, so the HTML stays well
/// formed.
fn render_text(out: &mut String, text: &str, marks: &[Mark]) {
    let mut order: Vec<&Mark> = marks.iter().filter(|m| !m.span.is_empty()).collect();
    order.sort_by_key(|m| (m.span.start, Reverse(m.span.end)));
    let mut open: Vec<(usize, &str)> = Vec::new(); // (end, closing HTML)
    let mut at = 0;
    for mark in order {
        while let Some(&(end, close)) = open.last() {
            if end > mark.span.start {
                break;
            }
            escape_into(out, &text[at..end]);
            out.push_str(close);
            at = end;
            open.pop();
        }
        let end = open
            .last()
            .map_or(mark.span.end, |&(e, _)| mark.span.end.min(e));
        if mark.span.start < at || end <= mark.span.start {
            continue; // overlaps text already written: shown by the mark that holds it
        }
        escape_into(out, &text[at..mark.span.start]);
        out.push_str(&mark.open);
        at = mark.span.start;
        open.push((end, &mark.close));
    }
    while let Some((end, close)) = open.pop() {
        escape_into(out, &text[at..end]);
        out.push_str(close);
        at = end;
    }
    escape_into(out, &text[at..]);
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// An id usable in an HTML `id` and a URL fragment: letters, digits, `-` and `_`.
fn anchor_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "A statement from the White House said that Biden “urged Russia to de-escalate” on <Thursday> & more.";

    fn at(s: &str) -> Span {
        let start = TEXT.find(s).unwrap();
        Span::new(start, start + s.len())
    }

    fn seed() -> Document {
        let mut doc = Document::new("seed/1", TEXT);
        doc.meta.title = Some("Biden & Putin".into());
        doc.meta.published = Some("2021-12-30".into());
        let entities = doc.layer_mut("entities");
        entities.push(Annotation::new(at("White House")).with("label", "ORG"));
        entities.push(Annotation::new(at("Biden")).with("label", "PERSON"));
        entities.push(Annotation::new(at("Russia")).with("label", "GPE"));
        doc.layer_mut("timexes").push(
            Annotation::new(at("Thursday"))
                .with("type", "DATE")
                .with("value", "2021-12-30"),
        );
        doc.layer_mut("quotes").push(
            Annotation::new(at("“urged Russia to de-escalate”"))
                .with(
                    "speaker",
                    AttrValue::Span(at("A statement from the White House")),
                )
                .with("cue", AttrValue::Span(at("said"))),
        );
        doc
    }

    #[test]
    fn marks_nest_and_text_is_escaped() {
        let mut out = Vec::new();
        HtmlExporter.encode(&seed(), &mut out);
        let html = String::from_utf8(out).unwrap();
        assert_eq!(
            html,
            "<article id=\"doc-seed_1\">\n<h2>Biden &amp; Putin</h2>\n<dl class=\"meta\">\
             <dt>id</dt><dd>seed/1</dd><dt>published</dt><dd>2021-12-30</dd></dl>\n<div class=\"text\">\
             <span class=\"speaker\" id=\"doc-seed_1-q1-speaker\">A statement from the \
             <mark class=\"ent\" data-label=\"ORG\">White House</mark></span> \
             <span class=\"cue\">said</span> that <mark class=\"ent\" data-label=\"PERSON\">Biden</mark> \
             <span class=\"quote\" id=\"doc-seed_1-q1\" title=\"quote · speaker: A statement from the White House\">“urged \
             <mark class=\"ent\" data-label=\"GPE\">Russia</mark> to de-escalate”\
             <a class=\"to-speaker\" href=\"#doc-seed_1-q1-speaker\" title=\"speaker\">↪</a></span> on &lt;\
             <mark class=\"timex\" data-label=\"DATE\" title=\"2021-12-30\">Thursday</mark>&gt; &amp; more.</div>\n</article>\n"
        );
    }

    #[test]
    fn crossing_marks_are_cut_to_stay_well_formed() {
        let text = "Biden-Putin talks";
        let doc_marks = [
            Mark {
                span: Span::new(0, 11),
                open: "<a>".into(),
                close: "</a>".into(),
            },
            Mark {
                span: Span::new(6, 17),
                open: "<b>".into(),
                close: "</b>".into(),
            },
            Mark {
                span: Span::new(0, 5),
                open: "<c>".into(),
                close: "</c>".into(),
            },
        ];
        let mut out = String::new();
        render_text(&mut out, text, &doc_marks);
        assert_eq!(out, "<a><c>Biden</c>-<b>Putin</b></a> talks");
    }

    #[test]
    fn page_has_head_legend_and_no_external_fetches() {
        let (mut head, mut foot) = (Vec::new(), Vec::new());
        HtmlExporter.header(&mut head);
        HtmlExporter.footer(&mut foot);
        let page = String::from_utf8([head, foot].concat()).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(page.contains("<span style=\"background:#feca74\">GPE</span>"));
        assert!(page.ends_with("</main>\n</body>\n</html>\n"));
        for external in ["http://", "https://", "<script", "@import", "url("] {
            assert!(!page.contains(external), "{external}");
        }
    }
}
