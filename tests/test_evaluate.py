"""pii-scan bench: metric arithmetic, labels parsing, comparison and an end-to-end run without OCR."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image, ImageDraw, ImageFont

from pii_scan import BaseDetector, Evidence, Label
from pii_scan.evaluate import main_bench
from pii_scan.evaluate_baseline import decode_eighth, ocr_all_one, text_label
from pii_scan.evaluate_compare import compare_reports, headline
from pii_scan.evaluate_data import LabelsError, Sample, load_samples, normalise_truth, read_labels, spread
from pii_scan.evaluate_metrics import (
    ERROR,
    Record,
    confusion,
    flag_rates,
    label_scores,
    negative_subtypes,
    percentile,
    positive_subtypes,
    speed_stats,
    summarise,
)

ID, TICKET, PHOTO = "id_card", "ticket_screenshot", "photo"


def rec(truth: str, predicted: str, subtype: str = "", file: str | None = None, **kw: object) -> Record:
    return Record(file=file or f"{truth}-{predicted}-{subtype}", truth=truth, predicted=predicted, subtype=subtype, **kw)


# --- metrics -------------------------------------------------------------------------------------


def test_confusion_counts_truth_rows_and_prediction_columns_including_errors():
    records = [rec(ID, ID), rec(ID, PHOTO), rec(ID, ERROR), rec(TICKET, TICKET), rec(PHOTO, TICKET), rec(PHOTO, PHOTO)]
    m = confusion(records)
    assert m[ID] == {ID: 1, TICKET: 0, PHOTO: 1, ERROR: 1}
    assert m[TICKET] == {ID: 0, TICKET: 1, PHOTO: 0, ERROR: 0}
    assert m[PHOTO] == {ID: 0, TICKET: 1, PHOTO: 1, ERROR: 0}


@pytest.mark.parametrize(
    "records, label, expected",
    [
        # 2 of 3 IDs found, 1 photo wrongly called ID: P 2/3, R 2/3
        (
            [rec(ID, ID), rec(ID, ID), rec(ID, PHOTO), rec(PHOTO, ID)],
            ID,
            {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "support": 3, "predicted": 3},
        ),
        # never predicted: precision undefined, recall and F1 are 0
        ([rec(TICKET, PHOTO)], TICKET, {"precision": None, "recall": 0.0, "f1": 0.0, "support": 1, "predicted": 0}),
        # predicted but never true: precision 0, recall undefined, F1 0
        ([rec(PHOTO, TICKET)], TICKET, {"precision": 0.0, "recall": None, "f1": 0.0, "support": 0, "predicted": 1}),
        # neither expected nor predicted: everything undefined
        ([rec(PHOTO, PHOTO)], ID, {"precision": None, "recall": None, "f1": None, "support": 0, "predicted": 0}),
        # an unreadable image counts against recall, never for precision
        ([rec(ID, ID), rec(ID, ERROR)], ID, {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2, "predicted": 1}),
    ],
)
def test_label_scores_precision_recall_f1_with_zero_division(records, label, expected):
    got = label_scores(confusion(records))[label]
    assert got.keys() == expected.keys()
    for key, want in expected.items():
        assert got[key] == (pytest.approx(want) if want is not None else None), key


def test_flag_rates_count_either_positive_label_on_negatives_and_not_errors():
    records = [
        rec(PHOTO, ID),
        rec(PHOTO, TICKET),
        rec(PHOTO, PHOTO),
        rec(PHOTO, ERROR),
        rec(ID, TICKET),  # wrong label, but still flagged
        rec(TICKET, PHOTO),
    ]
    f = flag_rates(records)
    assert (f["negatives"], f["negatives_flagged"], f["negatives_flagged_share"]) == (4, 2, 0.5)
    assert (f["positives"], f["positives_flagged"], f["positives_flagged_share"]) == (2, 1, 0.5)


def test_flag_rates_are_undefined_without_negatives_or_positives():
    assert flag_rates([])["negatives_flagged_share"] is None
    assert flag_rates([rec(PHOTO, PHOTO)])["positives_flagged_share"] is None


def test_subtype_recall_for_positives_and_false_positives_for_negatives():
    records = [
        rec(ID, ID, "licence"),
        rec(ID, PHOTO, "licence"),
        rec(ID, ID, "passport"),
        rec(TICKET, ID, "rail"),  # flagged, but not a correct ticket
        rec(PHOTO, ID, "receipt"),
        rec(PHOTO, TICKET, "receipt"),
        rec(PHOTO, PHOTO, "receipt"),
        rec(PHOTO, PHOTO, ""),
    ]
    assert positive_subtypes(records) == [
        {"label": ID, "subtype": "licence", "n": 2, "correct": 1, "recall": 0.5},
        {"label": ID, "subtype": "passport", "n": 1, "correct": 1, "recall": 1.0},
        {"label": TICKET, "subtype": "rail", "n": 1, "correct": 0, "recall": 0.0},
    ]
    neg = {r["subtype"]: r for r in negative_subtypes(records)}
    assert neg["receipt"] == {"subtype": "receipt", "n": 3, "flagged": 2, ID: 1, TICKET: 1, "flagged_share": 2 / 3}
    assert neg["-"]["flagged"] == 0


@pytest.mark.parametrize(
    "values, q, expected",
    [
        ([], 50, None),
        ([3.0], 95, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),
        ([float(i) for i in range(1, 101)], 95, 95.05),
    ],
)
def test_percentile_interpolates_between_ranks(values, q, expected):
    got = percentile(values, q)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_speed_stats_report_throughput_and_ocr_share_overall_and_on_negatives():
    records = [
        rec(PHOTO, PHOTO, ocr_ran=True, seconds=0.1),
        rec(PHOTO, PHOTO, ocr_ran=False, seconds=0.1),
        rec(ID, ID, ocr_ran=True, seconds=0.4),
        rec(ID, ID, ocr_ran=True, seconds=0.2),
    ]
    s = speed_stats(records, wall_seconds=2.0)
    assert s["images_per_second"] == 2.0
    assert s["ocr_share"] == 0.75 and s["ocr_share_negatives"] == 0.5
    assert s["p50_seconds"] == pytest.approx(0.15)
    assert speed_stats([], wall_seconds=0.0)["images_per_second"] is None


def test_record_survives_a_json_round_trip():
    r = rec(ID, ERROR, "licence", confidence=0.0, ocr_ran=False, seconds=0.01234, error="x: truncated")
    back = Record.from_dict(json.loads(json.dumps(r.to_dict())))
    assert back == Record(r.file, ID, ERROR, "licence", 0.0, False, 0.0123, "x: truncated")


# --- compare -----------------------------------------------------------------------------------------


def _report(records: list[Record], ips: float = 10.0, p95: float = 0.2) -> dict:
    return {
        "accuracy": summarise(records),
        "speed": {"images_per_second": ips, "p50_seconds": 0.1, "p95_seconds": p95},
        "images": [r.to_dict() for r in records],
    }


def test_compare_lists_images_whose_correctness_changed():
    old = [
        rec(ID, PHOTO, file="a"),
        rec(PHOTO, PHOTO, file="b"),
        rec(TICKET, PHOTO, file="c"),
        rec(PHOTO, PHOTO, file="d"),
        rec(ID, ID, file="e"),
        rec(PHOTO, PHOTO, file="gone"),
    ]
    new = [
        rec(ID, ID, file="a"),  # fixed
        rec(PHOTO, TICKET, file="b"),  # broke
        rec(TICKET, ID, file="c"),  # still wrong, different
        rec(PHOTO, PHOTO, file="d"),  # unchanged
        rec(PHOTO, ID, file="e"),  # truth edited between runs
        rec(PHOTO, PHOTO, file="added"),
    ]
    cmp = compare_reports(_report(old), _report(new))
    assert [r["file"] for r in cmp["improved"]] == ["a"]
    assert [(r["file"], r["old"], r["new"]) for r in cmp["worse"]] == [("b", PHOTO, TICKET)]
    assert [r["file"] for r in cmp["changed"]] == ["c"]
    assert [r["file"] for r in cmp["relabelled"]] == ["e"]
    assert (cmp["common"], cmp["only_old"], cmp["only_new"]) == (5, ["gone"], ["added"])


@pytest.mark.parametrize(
    "metric, old_kw, new_kw, verdict",
    [
        ("images_per_second", {"ips": 10.0}, {"ips": 12.0}, "better"),
        ("images_per_second", {"ips": 10.0}, {"ips": 8.0}, "worse"),
        ("p95_seconds", {"p95": 0.2}, {"p95": 0.3}, "worse"),
        ("p95_seconds", {"p95": 0.2}, {"p95": 0.1}, "better"),
        ("p95_seconds", {"p95": 0.2}, {"p95": 0.2}, "same"),
    ],
)
def test_compare_metric_deltas_know_which_direction_is_better(metric, old_kw, new_kw, verdict):
    records = [rec(ID, ID, file="a"), rec(PHOTO, PHOTO, file="b")]
    rows = {m["metric"]: m for m in compare_reports(_report(records, **old_kw), _report(records, **new_kw))["metrics"]}
    assert rows[metric]["verdict"] == verdict


def test_compare_false_flags_going_up_is_worse_and_accuracy_going_up_is_better():
    old = [rec(PHOTO, PHOTO, "receipt", file="a"), rec(ID, PHOTO, "licence", file="b")]
    new = [rec(PHOTO, TICKET, "receipt", file="a"), rec(ID, ID, "licence", file="b")]
    rows = {m["metric"]: m for m in compare_reports(_report(old), _report(new))["metrics"]}
    assert rows["negatives_flagged_share"]["verdict"] == "worse"
    assert rows["flagged_share[photo/receipt]"]["verdict"] == "worse"
    assert rows["recall[id_card/licence]"]["verdict"] == "better"
    assert rows["accuracy"]["delta"] == 0.0 and rows["accuracy"]["verdict"] == "same"
    assert rows["id_card.recall"]["delta"] == pytest.approx(1.0)


def test_headline_flattens_per_label_and_subtype_figures():
    h = headline(_report([rec(ID, ID, "passport"), rec(PHOTO, PHOTO, "selfie")]))
    assert h["id_card.f1"] == 1.0 and h["recall[id_card/passport]"] == 1.0
    assert h["flagged_share[photo/selfie]"] == 0.0 and h["ticket_screenshot.f1"] is None


# --- labels and manifests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [("id_card", ID), ("ticket_screenshot", TICKET), ("photo", PHOTO), ("other", PHOTO), (" Other ", PHOTO),
     ("ticket", None), ("", None), ("id", None)],
)
def test_normalise_truth_maps_other_to_photo_and_rejects_unknown(raw, expected):
    assert normalise_truth(raw) == expected


def _png(path, color=(200, 200, 200), size=(48, 32)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)


def test_read_labels_handles_bom_extra_columns_and_duplicates(tmp_path):
    csv_path = tmp_path / "labels.csv"
    csv_path.write_text(
        "\ufefffile,label,subtype,note\n"
        'a.png,other,selfie,"free text, with comma"\n'
        "sub/b.png,id_card,,\n"
        "a.png,photo,selfie,same file again\n"
        "\n",
        encoding="utf-8",
    )
    assert read_labels(str(csv_path)) == [("a.png", PHOTO, "selfie"), ("sub/b.png", ID, "")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("file,label\na.png,passport\n", "bad row"),
        ("file,label\n,id_card\n", "bad row"),
        ("name,kind\na.png,photo\n", "'file' and 'label'"),
        ("file,label\na.png,photo\n./a.png,id_card\n", "different labels"),
    ],
)
def test_read_labels_rejects_bad_files(tmp_path, text, message):
    csv_path = tmp_path / "labels.csv"
    csv_path.write_text(text)
    with pytest.raises(LabelsError, match=message):
        read_labels(str(csv_path))


def test_manifest_in_a_folder_resolves_relative_paths_and_skips_missing_and_unlisted(tmp_path):
    _png(tmp_path / "set" / "ids" / "a.png")
    _png(tmp_path / "set" / "b.png")
    _png(tmp_path / "set" / "stray.png")
    (tmp_path / "set" / "manifest.csv").write_text(
        "file,label,subtype\nids/a.png,id_card,licence\nb.png,other,sign\nnope.png,photo,\n"
    )
    for target in (tmp_path / "set", tmp_path / "set" / "manifest.csv"):
        s = load_samples(str(target))
        assert [(x.file, x.truth, x.subtype) for x in s.samples] == [("ids/a.png", ID, "licence"), ("b.png", PHOTO, "sign")]
        assert s.samples[0].path == str(tmp_path / "set" / "ids" / "a.png")
        assert s.missing == ["nope.png"] and s.unlisted == ["stray.png"]
        assert len(s.warnings) == 2


def test_image_folder_with_labels_elsewhere_resolves_files_against_the_folder(tmp_path):
    _png(tmp_path / "images" / "a.png")
    _png(tmp_path / "images" / "b.png")
    (tmp_path / "labels.csv").write_text("file,label\na.png,ticket_screenshot\n")
    s = load_samples(str(tmp_path / "images"), str(tmp_path / "labels.csv"))
    assert [x.path for x in s.samples] == [str(tmp_path / "images" / "a.png")]
    assert s.unlisted == ["b.png"]


@pytest.mark.parametrize(
    "target, labels, message",
    [
        ("empty", None, "no manifest.csv or labels.csv"),
        ("missing", None, "no such file"),
        ("empty/x.csv", "labels.csv", "must be the image folder"),
        ("empty", "nope.csv", "labels file not found"),
    ],
)
def test_load_samples_reports_unusable_inputs(tmp_path, target, labels, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "x.csv").write_text("file,label\n")
    (tmp_path / "labels.csv").write_text("file,label\n")
    with pytest.raises(LabelsError, match=message):
        load_samples(str(tmp_path / target), str(tmp_path / labels) if labels else None)


@pytest.mark.parametrize("n, expected", [(None, list(range(10))), (20, list(range(10))), (5, [0, 2, 4, 6, 8]),
                                         (3, [0, 3, 6]), (1, [0])])
def test_spread_picks_evenly_spaced_items(n, expected):
    items = [Sample(str(i), str(i), PHOTO) for i in range(10)]
    assert [int(s.file) for s in spread(items, n)] == expected


@pytest.mark.parametrize(
    "n, expected",
    [(3, {ID: 1, TICKET: 1, PHOTO: 1}), (10, {ID: 6, TICKET: 1, PHOTO: 3}), (2, {ID: 1, PHOTO: 1}), (1, {ID: 1})],
)
def test_spread_keeps_every_label_of_a_grouped_manifest(n, expected):
    items = [Sample(f"{lab}{i}", "", lab) for lab, k in ((ID, 12), (TICKET, 2), (PHOTO, 6)) for i in range(k)]
    picked = spread(items, n)
    assert {lab: sum(s.truth == lab for s in picked) for lab in expected} == expected
    assert len(picked) == n and picked == [s for s in items if s in picked]  # original order kept


# --- decode floor ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, expected", [("JPEG", (100, 75)), ("PNG", (800, 600))])
def test_decode_floor_uses_reduced_jpeg_decode_and_full_png_decode(tmp_path, fmt, expected):
    path = tmp_path / f"x.{fmt.lower()}"
    Image.new("RGB", (800, 600), (90, 120, 150)).save(path, fmt)
    assert decode_eighth(str(path)) == expected


@pytest.mark.parametrize("thumbnails, expected", [([96], (96, 72)), ([], (320, 240))])
def test_decode_floor_reads_the_heic_thumbnail_when_there_is_one(tmp_path, thumbnails, expected):
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "x.heic"
    pillow_heif.from_pillow(Image.new("RGB", (320, 240), (90, 120, 150))).save(path, thumbnails=thumbnails)
    assert decode_eighth(str(path)) == expected


# --- ocr-all baseline --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("運転免許証\n氏名 山田 太郎\n平成 1年 2月 3日生", ID),
        ("PASSPORT\nSurname YAMADA\nGiven names TARO\nNationality JAPAN", ID),
        ("予約番号 E1234-5678\n7号車 12A席", TICKET),
        ("BOARDING PASS\nFlight NH 123\nSeat 23C", TICKET),
        ("Lunch tomorrow at noon?\nSure, see you", PHOTO),
        ("氏名", PHOTO),  # one weak field label is no ID
        ("Ticket", PHOTO),  # one generic word is no ticket
        ("", PHOTO),
    ],
)
def test_baseline_labels_ocr_text_with_the_project_vocabulary(text, expected):
    assert text_label(text) == expected


def _text_image(path, lines):
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 56)
    except OSError:
        font = ImageFont.load_default(size=56)
    im = Image.new("RGB", (1100, 120 + 100 * len(lines)), "white")
    draw = ImageDraw.Draw(im)
    for i, line in enumerate(lines):
        draw.text((60, 60 + 100 * i), line, fill="black", font=font)
    im.save(path)


@pytest.mark.ocr
@pytest.mark.parametrize(
    "lines, suffix, expected",
    [
        (["BOARDING PASS", "Flight NH 123", "Seat 23C"], "png", TICKET),
        (["BOARDING PASS", "Flight NH 123", "Seat 23C"], "heic", TICKET),  # Tesseract cannot open HEIC itself
        (["Lunch at noon?"], "png", PHOTO),
    ],
)
def test_baseline_reads_the_whole_file_with_tesseract(tmp_path, lines, suffix, expected):
    if suffix == "heic":
        pytest.importorskip("pillow_heif").register_heif_opener()
    path = tmp_path / f"x.{suffix}"
    _text_image(path, lines)
    r = ocr_all_one(Sample(path.name, str(path), TICKET))
    assert (r.predicted, r.ocr_ran, r.error) == (expected, True, None)


@pytest.mark.ocr
def test_baseline_records_an_unreadable_file_as_error(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    r = ocr_all_one(Sample("broken.jpg", str(path), PHOTO))
    assert r.predicted == ERROR and r.error


# --- end to end --------------------------------------------------------------------------------------


class ColourDetector(BaseDetector):
    """Test detector: red 'is' a ticket, blue 'is' an ID card; needs no OCR."""

    name = "test.colour"
    label = Label.TICKET_SCREENSHOT

    def detect(self, ctx):
        r, g, b = ctx.image.small.reshape(-1, 3).mean(axis=0)
        if r > 150 and g < 80:
            yield self.finding(0.9, "red", Evidence("colour", "layout", float(r)))
        if b > 150 and r < 80:
            yield self.finding(0.9, "blue", Evidence("colour", "layout", float(b)), label=Label.ID_CARD)


@pytest.fixture
def bench_dir(tmp_path):
    d = tmp_path / "set"
    _png(d / "red.png", (220, 10, 10))
    _png(d / "blue.png", (10, 10, 220))
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 10, 230)).save(buf, "JPEG")
    (d / "sub").mkdir()
    (d / "sub" / "blue_sign.jpg").write_bytes(buf.getvalue())
    (d / "manifest.csv").write_text(
        "file,label,subtype\nred.png,ticket_screenshot,rail\nblue.png,id_card,licence\nsub/blue_sign.jpg,other,sign\n"
    )
    return d


def _bench(argv, capsys, detectors=None):
    code = main_bench([str(a) for a in argv], detectors=detectors if detectors is not None else [ColourDetector()])
    out, err = capsys.readouterr()
    return code, out, err


def test_bench_runs_end_to_end_without_ocr_and_writes_json(bench_dir, tmp_path, capsys):
    out_json = tmp_path / "run.json"
    code, out, err = _bench([bench_dir, "--ocr", "none", "--jobs", "1", "--json", out_json, "--no-progress"], capsys)
    assert code == 0, err
    for heading in ("Confusion matrix", "Per label", "Recall by subtype", "False positives by subtype", "images/s"):
        assert heading in out
    data = json.loads(out_json.read_text())
    assert data["accuracy"]["accuracy"] == pytest.approx(2 / 3)
    assert data["accuracy"]["flagging"]["negatives_flagged_share"] == 1.0
    assert data["accuracy"]["confusion"][PHOTO][ID] == 1
    assert data["speed"]["ocr_share"] == 0.0
    by_file = {r["file"]: r for r in data["images"]}
    assert set(by_file) == {"red.png", "blue.png", "sub/blue_sign.jpg"}
    assert by_file["sub/blue_sign.jpg"]["truth"] == PHOTO and by_file["sub/blue_sign.jpg"]["predicted"] == ID
    assert set(by_file["red.png"]) >= {"file", "truth", "predicted", "confidence", "ocr_ran", "seconds"}


class RaisesOnRed(BaseDetector):
    """Test detector with a bug: it raises on a red image."""

    name = "test.buggy"
    label = Label.ID_CARD

    def detect(self, ctx):
        if ctx.image.small.reshape(-1, 3).mean(axis=0)[0] > 150:
            raise KeyError("bug")
        return []


def test_bench_reports_the_images_a_detector_raised_on(bench_dir, tmp_path, capsys):
    """A detector that raises is skipped and the image still gets a label, so accuracy alone hides the
    bug: the benchmark names the images and the detector, and counts them in its JSON."""
    out_json = tmp_path / "run.json"
    code, out, err = _bench([bench_dir, "--ocr", "none", "-j", "1", "--json", out_json], capsys,
                            detectors=[ColourDetector(), RaisesOnRed()])
    assert code == 0, err
    assert "detector errors 1" in out
    section = out[out.index("Detector errors"):]
    assert "red.png" in section and "test.buggy" in section and "blue.png" not in section
    data = json.loads(out_json.read_text())
    assert data["accuracy"]["detector_errors"] == 1
    by_file = {r["file"]: r for r in data["images"]}
    assert by_file["red.png"]["detector_errors"] and not by_file["blue.png"]["detector_errors"]
    assert by_file["red.png"]["predicted"] == "ticket_screenshot"  # labelled without the buggy detector


def test_bench_compare_shows_the_images_that_got_better(bench_dir, tmp_path, capsys):
    old_json = tmp_path / "old.json"
    assert _bench([bench_dir, "--ocr", "none", "-j", "1", "--json", old_json], capsys)[0] == 0
    code, out, _ = _bench([bench_dir, "--ocr", "none", "-j", "1", "--compare", old_json], capsys, detectors=[])
    assert code == 0
    section = out[out.index("Compared with"):]
    assert "Improved (wrong before, right now): 1" in section and "sub/blue_sign.jpg" in section
    assert "Got worse (right before, wrong now): 2" in section
    assert "negatives_flagged_share" in section


def test_bench_decode_floor_reports_the_scanner_as_a_share_of_it(bench_dir, capsys):
    code, out, _ = _bench([bench_dir, "--ocr", "none", "-j", "1", "--decode-floor"], capsys)
    assert code == 0 and "of the decode floor" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["{d}/nope"], "no such file"),
        (["{d}", "--baseline-limit", "3"], "needs --baseline"),
        (["{d}", "--compare", "{d}/manifest.csv"], "cannot read"),
        (["{d}", "--json", "{d}/no/such/dir/x.json"], "does not exist"),
        (["{d}", "--jobs", "0"], "at least 1"),
        (["{d}", "--no-such-flag"], "unrecognized"),
    ],
)
def test_bench_usage_errors_exit_2(bench_dir, capsys, argv, message):
    code, _, err = _bench([a.format(d=bench_dir) for a in argv] + ["--ocr", "none"], capsys)
    assert code == 2 and message in err


@pytest.mark.ocr
def test_bench_baseline_section_reports_the_speed_ratio_on_the_subset(bench_dir, capsys):
    code, out, err = _bench([bench_dir, "--ocr", "none", "-j", "1", "--baseline", "ocr-all", "--baseline-limit", "2"], capsys)
    assert code == 0, err
    section = out[out.index("Baseline ocr-all"):]
    assert "on 2 of 3 images" in section and "speed ratio scanner / ocr-all" in section
    assert "same 2 images" in section


def test_bench_help_exits_0(capsys):
    assert _bench(["--help"], capsys)[0] == 0
