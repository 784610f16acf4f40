"""The zones app's messages (geometry, its files, layer imports and maps), one place for each
text; modules and tests import them from here."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

# Geometry as accepted.
MSG_GEOMETRY = _("Expected a GeoJSON Polygon or MultiPolygon geometry object, or null.")
MSG_SITE_GEOMETRY = _("Expected a GeoJSON Polygon, MultiPolygon or Point geometry object, or null.")
MSG_POSITION = _(
    "Each position must be [longitude, latitude] in WGS 84 degrees: longitude −180…180, "
    "latitude −90…90, numbers only."
)
MSG_OUTSIDE_CHINA = _(
    "The coordinates lie outside China (longitude 73–136 E, latitude 3–54 N): "
    "expected [longitude, latitude] in WGS 84 degrees."
)
MSG_RING_SHORT = _("Each ring needs at least 4 positions.")
MSG_RING_OPEN = _("Each ring must end at the position it starts from (a closed ring).")
MSG_TOO_MANY = _("The geometry has more than %(limit)s positions.")
MSG_INVALID_POLYGON = _("The polygon is not valid (%(reason)s).")
MSG_EMPTY = _("The geometry is empty.")

# Maps.
MSG_NO_SITE = _("No site geometry")
MSG_DEFAULT_TITLE = _("Site map")
MSG_LEGEND = _("Legend")
MSG_NORTH = pgettext_lazy("compass point on a map", "N")
MSG_METRES = _("%(length)s m")
MSG_KILOMETRES = _("%(length)s km")
MSG_SITE_AREA = _("Site area: %(area)s ha.")
MSG_SITE_POINT = _("Site: a point at %(lon)s E, %(lat)s N.")
MSG_INTERSECTS = _("Intersects: %(items)s.")
MSG_INTERSECTS_NOTHING = _("Intersects none of the zones, parcels or applications shown.")
MSG_ALSO_SHOWN = ngettext_lazy(
    "Also shown nearby: %(count)d other feature.",
    "Also shown nearby: %(count)d other features.",
    "count",
)
MSG_SHOWN_WITHOUT_SITE = _("No site geometry; shown: %(items)s.")
MSG_ITEM = _("%(kind)s “%(name)s”")

# Geometry files as read.
MSG_EMPTY_FILE = _("The file is empty.")
MSG_UNKNOWN_FORMAT = _("The file is not a zipped shapefile, a KML file or a GeoJSON file.")
MSG_BARE_SHAPEFILE = _(
    "Upload the shapefile as one ZIP file holding its .shp, .shx, .dbf and .prj files."
)
MSG_INVALID_JSON = _("The file is not valid JSON.")
MSG_UNREADABLE_VALUE = _(
    "The file could not be read: it holds a value that is malformed or out of range (such as a "
    "number with thousands of digits)."
)
MSG_JSON_CONSTANT = _("The file contains NaN or Infinity, which are not numbers in GeoJSON.")
MSG_NOT_GEOJSON = _(
    "The JSON file is not GeoJSON: expected a FeatureCollection, a Feature or a geometry object."
)
MSG_INVALID_FEATURE = _("Expected a GeoJSON Feature object with a geometry member.")
MSG_GEOJSON_CRS = _(
    "The GeoJSON file names the coordinate system “%(crs)s”: GeoJSON must be in WGS 84 "
    "(longitude, latitude) or CGCS2000."
)
MSG_INVALID_XML = _("The file is not well-formed XML.")
MSG_XML_FORBIDDEN = _("The KML file declares a document type or entities, which are not accepted.")
MSG_KML_POLYGON = _(
    "Each KML Polygon needs an outer boundary (outerBoundaryIs/LinearRing/coordinates)."
)
MSG_INVALID_ZIP = _(
    "The ZIP file could not be read: it is damaged, encrypted or uses an unsupported "
    "compression method."
)
MSG_ZIP_TOO_LARGE = _(
    "The ZIP file is too large: at most %(members)s files, each at most %(member_mb)s MB "
    "and %(total_mb)s MB in all once uncompressed."
)
MSG_NO_SHAPEFILE = _("The ZIP file contains no shapefile (.shp file).")
MSG_SEVERAL_SHAPEFILES = _(
    "The ZIP file contains several shapefiles (%(names)s): upload one at a time."
)
MSG_SHAPEFILE_INCOMPLETE = _(
    "The shapefile is incomplete, missing: %(parts)s (a shapefile is read from its .shp, "
    ".shx and .dbf files)."
)
MSG_MISSING_PRJ = _("The shapefile has no .prj file: its coordinate system is unknown.")
MSG_UNREADABLE_PRJ = _("The .prj file does not describe a coordinate system that can be read.")
MSG_UNKNOWN_CRS = _(
    "The coordinate system “%(crs)s” is not accepted: expected WGS 84 or CGCS2000 (China "
    "Geodetic Coordinate System 2000), in degrees or projected (Gauss-Krüger, UTM)."
)
MSG_INVALID_SHAPEFILE = _(
    "The shapefile could not be read: its files are damaged or do not belong together, or its "
    "attribute table (.dbf) is in a text encoding other than UTF-8 or GBK (a .cpg file can "
    "name it)."
)
MSG_INVALID_SHAPE = _("The shape is not a valid polygon or point.")
MSG_NO_POLYGON = _("The file contains no polygon.")
MSG_NO_POINT = _("The file contains no point.")
MSG_NO_POLYGON_OR_POINT = _("The file contains no polygon or point.")
MSG_TOO_MANY_FEATURES = _("The file has more than %(limit)s features.")
MSG_TOO_MANY_POSITIONS = _("The file has more than %(limit)s positions in all.")
MSG_FEATURE = _("Feature %(position)s: %(message)s")

# A layer's or the registry's import.
MSG_SOURCE_REQUIRED = _("Name the source document of the layer (its title and number).")
MSG_KIND = _("Unknown layer kind.")
MSG_DISTRICT = _("The district does not belong to the jurisdiction.")
MSG_NO_FEATURES = _("The file contains no feature to import.")
MSG_DISTRICT_UNKNOWN = _(
    "Feature %(n)s: district “%(value)s” is not a district of this jurisdiction."
)
MSG_DISTRICT_NEEDED = _(
    "Feature %(n)s: a 小班 needs a district (a “district” attribute or the layer's district)."
)
MSG_COMPARTMENT_NEEDED = _(
    "Feature %(n)s: a 小班 needs its compartment and sub-compartment numbers "
    "(attributes “forest_block” and “sub_compartment”, or “compartment” as “12-3”)."
)
MSG_VALUE = _("Feature %(n)s: “%(value)s” is not a valid %(name)s.")
MSG_DATES = _("Feature %(n)s: the zone ends before it takes effect.")
MSG_LAND_GRADE_NEEDED = _(
    "Feature %(n)s: a forest land protection grade zone needs its grade (attribute “grade”: "
    "1–4 or Ⅰ–Ⅳ)."
)
