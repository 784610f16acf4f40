"""Every demo application, in the order it is created: an application is created after those
whose sites or 小班 it overlaps, and a title is how a second run recognises it."""

from demo.data.introductions import INTRODUCTION_APPLICATIONS, PERMIT_LIFE_APPLICATIONS
from demo.data.map_rules import MAP_RULE_APPLICATIONS
from demo.data.occupations import OCCUPATION_APPLICATIONS
from demo.data.records import DemoApplication
from demo.data.tending import (
    JIZHOU_APPLICATIONS,
    MIYUN_APPLICATIONS,
    MIYUN_SUPERVISED,
    YANQING_APPLICATIONS,
)

APPLICATIONS: tuple[DemoApplication, ...] = (
    MIYUN_APPLICATIONS
    + YANQING_APPLICATIONS
    + JIZHOU_APPLICATIONS
    + OCCUPATION_APPLICATIONS
    + INTRODUCTION_APPLICATIONS
    + MAP_RULE_APPLICATIONS
    + MIYUN_SUPERVISED
    + PERMIT_LIFE_APPLICATIONS
)
