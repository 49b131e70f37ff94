"""Pure-Python analysis: text normalisation, themes, similarity, placement. No Django."""
