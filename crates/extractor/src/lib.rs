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
