"""Demo data for Mufakat: sourced records (``data``) and the loader that writes them."""
