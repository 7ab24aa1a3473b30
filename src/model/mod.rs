//! The domain: uncertain dates, quantities, sources, events, claims, and the rules about them.
//! Knows nothing of files, terminals or keys.

pub mod claim;
pub mod claim_text;
pub mod dataset;
pub mod event;
pub mod event_text;
pub mod intern;
pub mod quantity;
pub mod source;
pub mod when;

pub use claim::{Agreement, Claim, ClaimParts, ClaimValue, Comparable, Subject};
pub use claim_text::{ClaimBlock, EventIds};
pub use dataset::Dataset;
pub use event::{Attribution, Event, EventKind, EventParts, Measure, Place, Report, Rest, TooLong};
pub use event_text::EventBlock;
pub use intern::{Interner, MeasureKeys, MeasureList, Name, NameList, PlaceKeys, SharedList};
pub use quantity::{Interval, Quantity};
pub use source::{Reliability, Source, SourceKind, Speaker};
pub use when::{When, WhenError};
