"""Sentences and words keep their exact place in the text, whatever underthesea rewrites."""

from hypothesis import given, settings
from hypothesis import strategies as st
from paragraphs import Para

from vnfacts.extractors.segment import align, segment, to_doc


def test_align_follows_rewritten_tone_marks_and_d_with_stroke():
    source = "Hoà Bình và Ðồng Nai"
    pieces = ["Hòa Bình", "và", "Đồng Nai"]  # underthesea moves tones and maps Ð
    assert [source[a:b] for a, b in align(source, pieces)] == ["Hoà Bình", "và", "Ðồng Nai"]


def test_align_lets_white_space_differ():
    source = "10 - 15  HTX   điển hình"
    pieces = ["10", "-", "15", "HTX", "điển hình"]
    assert [source[a:b] for a, b in align(source, pieces)] == ["10", "-", "15", "HTX", "điển hình"]


def test_align_keeps_going_after_a_piece_it_cannot_follow():
    source = "abc xyz def"
    spans = align(source, ["abc", "QQQ", "def"])
    assert source[spans[0][0]:spans[0][1]] == "abc"
    assert source[spans[2][0]:spans[2][1]] == "def"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["hợp", "tác", "xã", "Hà", "Nội", "1.909", "36,6%", "HTX", "Ðồng",
                                 "hoà", ",", "."]), min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", "  ", " \u00a0"]), min_size=12, max_size=12))
def test_align_spans_are_ordered_and_inside_the_text(words, gaps):
    source = "".join(w + g for w, g in zip(words, gaps))
    spans = align(source, words)
    assert all(0 <= a <= b <= len(source) for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    assert [source[a:b] for a, b in spans] == words


def test_segment_gives_sentences_and_words_with_offsets_into_the_text():
    text = "Tỉnh có hơn 580 hợp tác xã. Hà Nội có 1.909 hợp tác xã, tăng 46 hợp tác xã."
    sentences = segment(text, [Para(0, 0, len(text))])
    assert [s.text for s in sentences] == ["Tỉnh có hơn 580 hợp tác xã.",
                                           "Hà Nội có 1.909 hợp tác xã, tăng 46 hợp tác xã."]
    for s in sentences:
        assert text[s.start:s.end] == s.text
        for t in s.tokens:
            assert text[t.start:t.end] == t.text
    assert "hợp tác xã" in [t.text for t in sentences[0].tokens]  # one word, three syllables


def test_doc_carries_words_sentences_and_offsets():
    text = "Hà Nội có 1.909 hợp tác xã. Tỉnh Thái Nguyên có 580 HTX."
    doc = to_doc(segment(text, [Para(0, 0, len(text))]))
    assert len(list(doc.sents)) == 2
    starts = doc.user_data["starts"]
    assert [text[starts[i]:starts[i] + len(t.text)] for i, t in enumerate(doc)] == [t.text for t in doc]


def test_a_sentence_without_full_stops_is_read_in_pieces_cut_at_spaces():
    from vnfacts.extractors.segment import MAX_SENTENCE_CHARS, _bounded

    text = "hợp tác xã có 5 thành viên " * 200
    pieces = list(_bounded(text, 0, len(text)))
    assert all(0 < b - a <= MAX_SENTENCE_CHARS for a, b in pieces)
    assert all(text[b] == " " for _, b in pieces[:-1])  # never inside a word
    assert "".join(text[a:b] + " " for a, b in pieces).split() == text.split()


def test_extracting_an_article_never_imports_spacy():
    """spaCy costs ~0.45 s of import and only ``to_doc`` uses it: it must stay out of every run."""
    import subprocess
    import sys

    code = ("import sys; from vnfacts.extractors import pipeline; "
            "pipeline.extract_text('Tỉnh có 15 hợp tác xã.', doc='x'); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
