"""The directory's pages: search (staff and residents), keeping listings, imports, mapping."""
