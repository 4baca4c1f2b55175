//! `multipart/form-data` bodies, encoded to bytes before sending (so the authentication hook
//! and AK/SK signing see the exact bytes).

use bytes::Bytes;
use std::fmt;

/// One part of a multipart body.
#[derive(Clone, PartialEq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

/// A `multipart/form-data` body: text fields and files, in order.
#[derive(Clone, PartialEq, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<(&str, Option<&str>, usize)> = self
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.filename.as_deref(), p.data.len()))
            .collect();
        f.debug_struct("Multipart").field("parts", &parts).finish()
    }
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: Bytes::from(value.into()),
        });
        self
    }

    /// Adds a file.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// Encodes the body with a boundary that does not occur in any part; returns the
    /// bytes and the `Content-Type` header value.
    pub fn encode(&self) -> (Bytes, String) {
        let mut n: u64 = 0x5eed_0000_0000_0001;
        let boundary = loop {
            let candidate = format!("hcgen-boundary-{n:016x}");
            let clash = self.parts.iter().any(|p| {
                p.data
                    .windows(candidate.len())
                    .any(|w| w == candidate.as_bytes())
            });
            if !clash {
                break candidate;
            }
            n = n
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
        };
        let quote = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(['\r', '\n'], " ")
        };
        let mut out = Vec::new();
        for p in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quote(&p.name)
            );
            if let Some(f) = &p.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quote(f)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(ct) = &p.content_type {
                out.extend_from_slice(format!("Content-Type: {}\r\n", quote(ct)).as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&p.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (
            Bytes::from(out),
            format!("multipart/form-data; boundary={boundary}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Multipart;

    #[test]
    fn encodes_parts_with_a_boundary_absent_from_the_data() {
        let m = Multipart::new().text("name", "a \"b\"").file(
            "file",
            "x.png",
            "image/png",
            &b"\x89PNG"[..],
        );
        let (bytes, ct) = m.encode();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.starts_with(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na \"b\"\r\n"
            )),
            "{text}"
        );
        assert!(
            text.contains("name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n"),
            "{text}"
        );
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }
}
