"""CSV dialects the importer understands, selectable by name and detected from the header."""
