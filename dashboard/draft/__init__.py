"""Source articles -> a draft log: sentences, dates, names, every suggestion marked for review.

The modules are pure but for :mod:`dashboard.draft.writer`, which alone touches the disk:

- :mod:`~dashboard.draft.source`: a source file's bytes -> its paragraphs, or why it cannot be used;
- :mod:`~dashboard.draft.sentences`: a paragraph -> its sentences, verbatim;
- :mod:`~dashboard.draft.dates`: the visit's days and each paragraph's day, from the text;
- :mod:`~dashboard.draft.names`: the people and topics a known log names, found in a sentence;
- :mod:`~dashboard.draft.document`: all of it -> a log document that validates as a draft.
"""
