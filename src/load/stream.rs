//! Reading a data file and converting its items as they are read: each raw item becomes a model
//! item (or problems) before the next is parsed, so a large file's raw items never all exist at
//! once. A file is `Dataset(title: …, sources: […], subjects: […], events: […], claims: […])`,
//! every field optional, unknown or repeated fields an error.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::convert::{Converter, FileItems};

/// The top-level fields of a data file.
const FIELDS: &[&str] = &["title", "sources", "subjects", "events", "claims"];

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Title,
    Sources,
    Subjects,
    Events,
    Claims,
}

/// Parses a whole file with `options`, converting as it goes.
pub fn parse(
    options: &ron::Options,
    text: &str,
    converter: Converter<'_>,
) -> Result<FileItems, ron::error::SpannedError> {
    options.from_str_seed(text, FileSeed(converter))
}

struct FileSeed<'a>(Converter<'a>);

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = FileItems;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<FileItems, D::Error> {
        d.deserialize_struct("Dataset", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = FileItems;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Dataset")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileItems, A::Error> {
        let mut c = self.0;
        let mut seen = [false; 5];
        while let Some(field) = map.next_key::<Field>()? {
            let (n, name) = match field {
                Field::Title => (0, "title"),
                Field::Sources => (1, "sources"),
                Field::Subjects => (2, "subjects"),
                Field::Events => (3, "events"),
                Field::Claims => (4, "claims"),
            };
            if std::mem::replace(&mut seen[n], true) {
                return Err(de::Error::duplicate_field(name));
            }
            match field {
                Field::Title => {
                    let title = map.next_value::<Option<String>>()?;
                    c.title(title);
                }
                Field::Sources => map.next_value_seed(List::new(&mut c, Converter::source))?,
                Field::Subjects => map.next_value_seed(List::new(&mut c, Converter::subject))?,
                Field::Events => map.next_value_seed(List::new(&mut c, Converter::event))?,
                Field::Claims => map.next_value_seed(List::new(&mut c, Converter::claim))?,
            }
        }
        Ok(c.finish())
    }
}

/// A list whose elements go to the converter one by one.
struct List<'c, 'a, T> {
    converter: &'c mut Converter<'a>,
    add: fn(&mut Converter<'a>, T),
    item: PhantomData<T>,
}

impl<'c, 'a, T> List<'c, 'a, T> {
    fn new(converter: &'c mut Converter<'a>, add: fn(&mut Converter<'a>, T)) -> Self {
        List {
            converter,
            add,
            item: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for List<'_, '_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for List<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            (self.add)(self.converter, item);
        }
        Ok(())
    }
}
