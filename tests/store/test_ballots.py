"""The mark encoding of store/ballots.py: the stored text is pinned (exports and
fingerprints are computed from it), and decoding gives the values back (tuples)."""

from __future__ import annotations

import pytest

from projter_desktop.store.ballots import decode_mark, encode_mark, encode_marks, mark_decoder, mark_encoder, stored_marks


@pytest.mark.parametrize(("value", "text"), [
    ("yes", '"yes"'), (3, "3"), (0, "0"), (2.5, "2.5"), (True, "true"),
    ((3, 2), "[3, 2]"), ([3, 2], "[3, 2]"), ("Très bien", '"Tr\\u00e8s bien"'),
])
def test_mark_text_is_pinned_and_decodes_back(value, text):
    assert encode_mark(value) == text
    assert mark_encoder()(value) == text
    expected = tuple(value) if isinstance(value, list) else value
    assert decode_mark(text) == expected
    assert mark_decoder()(text) == expected
    assert type(decode_mark(text)) is type(expected)


def test_memoised_encoder_keeps_types_apart():
    encode = mark_encoder()
    assert [encode(1), encode(True), encode(1.0), encode(1)] == ["1", "true", "1.0", "1"]


def test_unset_marks_are_not_stored():
    assert encode_marks({"a": None, "b": (1, 2), "c": "no"}) == {"b": "[1, 2]", "c": '"no"'}
    assert stored_marks({"a": None, "b": [1, 2], "c": "no"}) == {"b": (1, 2), "c": "no"}
