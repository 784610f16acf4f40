"""The site-geometry validator (pure: no database): one function for the API, the forms, the
admin and the services (it is the model field's validator)."""

import math

import pytest
from django.core.exceptions import ValidationError

from permits.geometry import MAX_POSITIONS, validate_site_geometry
from permits.models import Application

RING = [[116.0, 40.0], [116.1, 40.0], [116.1, 40.1], [116.0, 40.1], [116.0, 40.0]]


def polygon(ring) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


def code_of(value) -> str:
    with pytest.raises(ValidationError) as error:
        validate_site_geometry(value)
    return error.value.code


def test_valid_polygon_with_a_hole_and_3d_positions():
    hole = [[116.02, 40.02], [116.02, 40.05], [116.05, 40.05], [116.02, 40.02]]
    validate_site_geometry({"type": "Polygon", "coordinates": [RING, hole]})
    validate_site_geometry(polygon([[*p, 300.0] for p in RING]))


@pytest.mark.parametrize(
    ("position", "code"),
    [
        ([math.nan, 40.0], "invalid_position"),
        ([math.inf, 40.0], "invalid_position"),
        ([False, 40.0], "invalid_position"),
        (["116", 40.0], "invalid_position"),
        ([None, 40.0], "invalid_position"),
        ([116.0, 40.0, 1.0, 2.0], "invalid_position"),
        ([-180.0001, 40.0], "coordinate_out_of_range"),
        ([116.0, 90.5], "coordinate_out_of_range"),
    ],
)
def test_each_position_is_two_finite_numbers_in_range(position, code):
    assert code_of(polygon([position, *RING[1:-1], position])) == code


def test_hole_outside_the_shell_is_an_invalid_polygon():
    far = [[117.0, 41.0], [117.0, 41.1], [117.1, 41.1], [117.0, 41.0]]
    assert code_of({"type": "Polygon", "coordinates": [RING, far]}) == "invalid_polygon"


def test_size_is_bounded_across_the_rings_of_a_multipolygon():
    ring = [[116.0 + i * 1e-6, 40.0 + (i % 2) * 1e-6] for i in range(MAX_POSITIONS // 2)]
    ring.append(ring[0])
    multi = {"type": "MultiPolygon", "coordinates": [[ring], [ring], [ring]]}
    assert code_of(multi) == "too_many_positions"


def test_it_is_the_model_fields_validator():
    assert validate_site_geometry in Application._meta.get_field("site_geometry").validators
