//! newsprint stages that find things in text: entities from name lists now; dates, quantities,
//! quotes and keywords as they arrive. Each stage registers itself with `inventory`.

pub mod gazetteer;

pub use gazetteer::Gazetteer;
