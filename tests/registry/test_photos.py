"""The person's photo: checked, re-encoded without metadata, printed on new cards only."""

import io

import pytest
from PIL import Image

from juzhu.registry.actions import ActionError, NotFound, replace_card, set_person_photo

from .flows import issued_permit, registered

pytestmark = pytest.mark.django_db


def image_bytes(size=(358, 441), fmt="PNG", exif=False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (70, 110, 160))
    if exif:
        data = Image.Exif()
        data[0x010F] = "CameraMaker"  # Make
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_photo_is_stored_as_jpeg_without_metadata(staff, clock):
    person = registered(staff).person
    stored = set_person_photo(acting_user=staff.clerk, person_id=person.pk, data=image_bytes(fmt="JPEG", exif=True))
    with Image.open(stored.photo.path) as saved:
        assert saved.format == "JPEG" and saved.size == (358, 441)
        assert not saved.getexif()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "请选择"),
        (b"not an image at all", "无法识别"),
        (image_bytes(size=(100, 120)), "至少"),
        (image_bytes(fmt="GIF"), "JPEG 或 PNG"),
        (b"\xff" * (2 * 1024 * 1024 + 1), "2 MB"),
    ],
)
def test_a_bad_photo_is_refused_on_the_photo_field(staff, clock, data, message):
    person = registered(staff).person
    with pytest.raises(ActionError) as refused:
        set_person_photo(acting_user=staff.clerk, person_id=person.pk, data=data)
    assert refused.value.field == "photo" and message in refused.value.message
    person.refresh_from_db()
    assert not person.photo


def test_another_station_cannot_set_the_photo(staff, clock):
    person = registered(staff).person
    with pytest.raises(NotFound):
        set_person_photo(acting_user=staff.other_clerk, person_id=person.pk, data=image_bytes())


def test_a_card_not_yet_handed_out_takes_the_photo_and_a_reissued_card_the_newest(staff, clock):
    from juzhu.registry.actions import hand_out_card

    permit = issued_permit(staff, clock)
    set_person_photo(acting_user=staff.clerk, person_id=permit.person_id, data=image_bytes())
    permit.refresh_from_db()
    printed = permit.holder_photo
    assert printed.startswith("photos/")
    hand_out_card(acting_user=staff.clerk, card_id=permit.cards.get().pk)
    newer = set_person_photo(acting_user=staff.clerk, person_id=permit.person_id, data=image_bytes(size=(400, 500)))
    permit.refresh_from_db()
    assert permit.holder_photo == printed  # the card in the holder's hands keeps its photo
    replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    permit.refresh_from_db()
    assert permit.holder_photo == newer.photo.name != printed


def test_a_small_file_of_huge_dimensions_is_refused_before_it_is_decoded(staff, clock):
    """A 7000×7000 PNG of one colour is a few kilobytes but decodes to 150 MB of pixels (a 12000
    square one to 800 MB): the header's size is checked first, nothing is decoded or stored."""
    person = registered(staff).person
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ActionError) as refused:
        set_person_photo(acting_user=staff.clerk, person_id=person.pk, data=out.getvalue())
    assert refused.value.field == "photo" and "像素" in refused.value.message
    person.refresh_from_db()
    assert not person.photo
