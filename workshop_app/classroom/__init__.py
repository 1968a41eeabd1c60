"""The classroom: sessions, joining with a class code, approval before sharing, export and erase."""
