//! newsprint stages that find things in text: entities from name lists, dates and times
//! (TIMEX3), and quantities; quotes and keywords as they arrive. Each stage registers itself
//! with `inventory`.

pub mod entities;
pub mod gazetteer;
pub mod keywords;
pub mod language;
mod numbers;
pub mod quantities;
pub mod quotes;
pub mod timex;
mod words;

pub use gazetteer::Gazetteer;
pub use quantities::Quantities;
pub use timex::Timexes;

#[cfg(test)]
mod testing;

use newsprint_core::{Annotation, Document};

/// Adds the annotations a stage found to its layer. A new layer takes the found vector as it is,
/// without a copy.
pub(crate) fn add_to_layer<'d>(
    doc: &'d mut Document,
    name: &'static str,
    found: Vec<Annotation>,
) -> &'d mut Vec<Annotation> {
    let layer = doc.layer_mut(name);
    if layer.is_empty() {
        *layer = found;
    } else {
        layer.extend(found);
    }
    layer
}
