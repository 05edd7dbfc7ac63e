"""Input and output formats: PO, Markdown, front matter, glossary files."""
