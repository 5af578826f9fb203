"""Text tables, LaTeX, JSON, documents and figures.  Nothing in semisym imports from here but the
command line."""
