"""Stage 1 — read: bytes → `Page`, wrapped in an `Article` that later steps fill.

Formats are detected from the bytes, never assumed from a file name: gzip, WARC/WET, JSONL
records, HTML, plain-text dumps. Unreadable inputs come back as articles with `rejected` set,
so a run never stops on one bad file and every input is accounted for.
"""

from marsad.read.inputs import expand_inputs, read_bytes, read_path, read_stdin

__all__ = ["expand_inputs", "read_bytes", "read_path", "read_stdin"]
