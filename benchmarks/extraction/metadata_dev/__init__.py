"""The metadata-dev set (other projects' test-suite references) scored by publisher-held-out split."""
