/*
 * Drawing the site on the draft form's map (PRODUCT §15). Progressive enhancement: without this
 * file the form takes a typed GeoJSON or an uploaded file; with it, corners clicked on the map
 * (or placed with the arrow keys and Enter) become a GeoJSON Polygon in the form's text box.
 *
 * The wrapper [data-site-draw] says where the map's frame lies in the SVG (data-x0, -y0, -x1,
 * -y1, drawing units) and which longitudes and latitudes it shows (data-west, -south, -east,
 * -north). The map's projection is linear on each axis, so two proportions convert between
 * them. Only attributes are set (the Content-Security-Policy allows no inline script).
 */
(function () {
  "use strict";
  if (window.permitsSiteDraw) {
    return; // loaded again by a Turbo visit: the listeners below are in place already
  }
  window.permitsSiteDraw = true;

  var SVG_NS = "http://www.w3.org/2000/svg";
  var DECIMALS = 6; // about 0.1 m
  var ZOOM = 1.5;

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    return element;
  }

  function setup(root) {
    root.setAttribute("data-draw-ready", "");
    var svg = root.querySelector("svg");
    var target = document.getElementById(root.getAttribute("data-target"));
    var status = root.querySelector("[data-draw-status]");
    if (!svg || !target || !svg.getScreenCTM) {
      return;
    }
    var frame = {};
    ["x0", "y0", "x1", "y1", "west", "south", "east", "north"].forEach(function (key) {
      frame[key] = parseFloat(root.getAttribute("data-" + key));
    });
    var box = svg.viewBox.baseVal;
    var home = [box.x, box.y, box.width, box.height];
    var layer = svgElement("g", { "data-draw-layer": "" });
    svg.appendChild(layer);
    var state = { drawing: false, points: [], saved: null, cursor: null };

    function message(name, count) {
      var text = root.getAttribute("data-msg-" + name) || "";
      status.textContent = text.replace("%(count)s", String(count));
    }

    function toLonLat(x, y) {
      var lon = frame.west + ((x - frame.x0) / (frame.x1 - frame.x0)) * (frame.east - frame.west);
      var lat = frame.north - ((y - frame.y0) / (frame.y1 - frame.y0)) * (frame.north - frame.south);
      return [Number(lon.toFixed(DECIMALS)), Number(lat.toFixed(DECIMALS))];
    }

    function toSvg(lonLat) {
      var x = frame.x0 + ((lonLat[0] - frame.west) / (frame.east - frame.west)) * (frame.x1 - frame.x0);
      var y = frame.y0 + ((frame.north - lonLat[1]) / (frame.north - frame.south)) * (frame.y1 - frame.y0);
      return [x, y];
    }

    function inFrame(x, y) {
      return x >= frame.x0 && x <= frame.x1 && y >= frame.y0 && y <= frame.y1;
    }

    function unit() {
      // One screen pixel in drawing units at the current zoom: marks keep their size.
      return svg.viewBox.baseVal.width / (svg.getBoundingClientRect().width || home[2]);
    }

    function render() {
      while (layer.firstChild) {
        layer.removeChild(layer.firstChild);
      }
      var corners = state.points.map(toSvg);
      var u = unit();
      if (corners.length > 1) {
        var shape = state.drawing ? "polyline" : "polygon";
        layer.appendChild(
          svgElement(shape, {
            points: corners.map(function (p) { return p[0] + "," + p[1]; }).join(" "),
            fill: state.drawing ? "none" : "#1565c0",
            "fill-opacity": "0.2",
            stroke: "#1565c0",
            "stroke-width": "2",
            "vector-effect": "non-scaling-stroke",
          })
        );
      }
      corners.forEach(function (p) {
        layer.appendChild(
          svgElement("circle", { cx: p[0], cy: p[1], r: 4 * u, fill: "#1565c0", stroke: "#ffffff", "stroke-width": 1 * u })
        );
      });
      if (state.drawing && state.cursor) {
        var x = state.cursor[0], y = state.cursor[1], arm = 10 * u;
        layer.appendChild(
          svgElement("path", {
            d: "M" + (x - arm) + "," + y + "H" + (x + arm) + "M" + x + "," + (y - arm) + "V" + (y + arm),
            stroke: "#c62828",
            "stroke-width": "2",
            "vector-effect": "non-scaling-stroke",
          })
        );
      }
    }

    function add(x, y) {
      if (!inFrame(x, y)) {
        message("outside", state.points.length);
        return;
      }
      state.points.push(toLonLat(x, y));
      state.cursor = [x, y];
      message("added", state.points.length);
      render();
    }

    function start() {
      state.drawing = true;
      state.points = [];
      state.saved = target.value;
      var view = svg.viewBox.baseVal;
      state.cursor = [view.x + view.width / 2, view.y + view.height / 2];
      root.classList.add("permits-draw--active");
      svg.setAttribute("tabindex", "0");
      svg.focus();
      message("start", 0);
      render();
    }

    function finish() {
      if (state.points.length < 3) {
        message("too-few", state.points.length);
        return;
      }
      state.drawing = false;
      root.classList.remove("permits-draw--active");
      var ring = state.points.concat([state.points[0]]);
      target.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      target.dispatchEvent(new Event("input", { bubbles: true }));
      message("finished", state.points.length);
      render();
    }

    function clear() {
      if (state.saved !== null) {
        target.value = state.saved; // what the box held before drawing
      }
      state.drawing = false;
      state.points = [];
      state.saved = null;
      root.classList.remove("permits-draw--active");
      message("cleared", 0);
      render();
    }

    function zoom(factor) {
      var view = svg.viewBox.baseVal;
      var centre = state.cursor || [view.x + view.width / 2, view.y + view.height / 2];
      var width = Math.min(home[2], view.width / factor);
      var height = Math.min(home[3], view.height / factor);
      var x = Math.max(home[0], Math.min(centre[0] - width / 2, home[0] + home[2] - width));
      var y = Math.max(home[1], Math.min(centre[1] - height / 2, home[1] + home[3] - height));
      svg.setAttribute("viewBox", [x, y, width, height].join(" "));
      render();
    }

    function follow() {
      // Keep the cross in view: the view pans when the cross reaches its edge.
      var view = svg.viewBox.baseVal;
      var x = view.x, y = view.y, c = state.cursor;
      if (c[0] < view.x) { x = c[0]; }
      if (c[0] > view.x + view.width) { x = c[0] - view.width; }
      if (c[1] < view.y) { y = c[1]; }
      if (c[1] > view.y + view.height) { y = c[1] - view.height; }
      svg.setAttribute("viewBox", [x, y, view.width, view.height].join(" "));
    }

    var ACTIONS = {
      start: start,
      finish: finish,
      clear: clear,
      "zoom-in": function () { zoom(ZOOM); },
      "zoom-out": function () { zoom(1 / ZOOM); },
    };
    root.querySelectorAll("[data-draw-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        ACTIONS[button.getAttribute("data-draw-action")]();
      });
    });
    root.querySelectorAll("[data-draw-controls]").forEach(function (element) {
      element.hidden = false;
    });

    svg.addEventListener("click", function (event) {
      if (!state.drawing) {
        return;
      }
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var user = point.matrixTransform(svg.getScreenCTM().inverse());
      add(user.x, user.y);
    });

    var MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    svg.addEventListener("keydown", function (event) {
      if (!state.drawing) {
        return;
      }
      var move = MOVES[event.key];
      if (move) {
        var step = (event.shiftKey ? 50 : 10) * unit();
        state.cursor = [state.cursor[0] + move[0] * step, state.cursor[1] + move[1] * step];
        follow();
        render();
      } else if (event.key === "Enter" || event.key === " ") {
        add(state.cursor[0], state.cursor[1]);
      } else if (event.key === "Backspace" || event.key === "Delete") {
        state.points.pop();
        message("removed", state.points.length);
        render();
      } else if (event.key === "Escape") {
        clear();
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  function setupAll() {
    document.querySelectorAll("[data-site-draw]:not([data-draw-ready])").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
  document.addEventListener("turbo:load", setupAll);
})();
