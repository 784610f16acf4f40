/*
 * Drawing the site on the draft form's map (product.md §15). Progressive enhancement: without this
 * file the form takes a typed GeoJSON or an uploaded file; with it, corners clicked on the map
 * (or placed with the arrow keys and Enter) become a GeoJSON Polygon in the form's text box.
 *
 * Without drawing, the map pans (drag with a mouse or a finger, arrow keys) and zooms (the
 * buttons, the wheel, two fingers, + and -); a drag never adds a corner.
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
    // The map takes the keyboard from the start: arrows pan, + and - zoom, 0 shows it all.
    svg.setAttribute("tabindex", "0");
    svg.setAttribute("aria-describedby", "site-draw-help");
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
      // On a form that takes a point, the first tap marks a place, not "corner 1".
      var first = root.hasAttribute("data-allow-point") && state.points.length === 1;
      message(first ? "point-added" : "added", state.points.length);
      render();
    }

    function start() {
      state.drawing = true;
      state.points = [];
      state.saved = target.value;
      var view = svg.viewBox.baseVal;
      state.cursor = [view.x + view.width / 2, view.y + view.height / 2];
      root.classList.add("permits-draw--active");
      svg.focus();
      message("start", 0);
      render();
    }

    function finish() {
      // A form that takes a point (data-allow-point: a report from the public) writes one
      // corner as a Point; a polygon needs three.
      var point = root.hasAttribute("data-allow-point") && state.points.length === 1;
      if (state.points.length < 3 && !point) {
        message("too-few", state.points.length);
        return;
      }
      state.drawing = false;
      root.classList.remove("permits-draw--active");
      if (point) {
        target.value = JSON.stringify({ type: "Point", coordinates: state.points[0] });
      } else {
        var ring = state.points.concat([state.points[0]]);
        target.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      }
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

    function setView(x, y, width, height) {
      // The view stays inside the map as the server drew it (nothing is drawn outside it).
      width = Math.min(home[2], width);
      height = Math.min(home[3], height);
      x = Math.max(home[0], Math.min(x, home[0] + home[2] - width));
      y = Math.max(home[1], Math.min(y, home[1] + home[3] - height));
      svg.setAttribute("viewBox", [x, y, width, height].join(" "));
      root.setAttribute("data-view", [x, y, width, height].map(function (v) { return v.toFixed(2); }).join(" "));
      render();
    }

    function zoom(factor, centre) {
      var view = svg.viewBox.baseVal;
      centre = centre || state.cursor || [view.x + view.width / 2, view.y + view.height / 2];
      // The point under ``centre`` stays where it is on the screen.
      var width = Math.min(home[2], view.width / factor);
      var height = Math.min(home[3], view.height / factor);
      var x = centre[0] - ((centre[0] - view.x) * width) / view.width;
      var y = centre[1] - ((centre[1] - view.y) * height) / view.height;
      setView(x, y, width, height);
    }

    function pan(dx, dy) {
      // dx, dy in drawing units; positive moves the view east and south.
      var view = svg.viewBox.baseVal;
      setView(view.x + dx, view.y + dy, view.width, view.height);
    }

    function reset() {
      setView(home[0], home[1], home[2], home[3]);
    }

    function follow() {
      // Keep the cross in view: the view pans when the cross reaches its edge.
      var view = svg.viewBox.baseVal;
      var x = view.x, y = view.y, c = state.cursor;
      if (c[0] < view.x) { x = c[0]; }
      if (c[0] > view.x + view.width) { x = c[0] - view.width; }
      if (c[1] < view.y) { y = c[1]; }
      if (c[1] > view.y + view.height) { y = c[1] - view.height; }
      setView(x, y, view.width, view.height);
    }

    function toUser(clientX, clientY) {
      var point = svg.createSVGPoint();
      point.x = clientX;
      point.y = clientY;
      var user = point.matrixTransform(svg.getScreenCTM().inverse());
      return [user.x, user.y];
    }

    var ACTIONS = {
      start: start,
      finish: finish,
      clear: clear,
      "zoom-in": function () { zoom(ZOOM); },
      "zoom-out": function () { zoom(1 / ZOOM); },
      reset: reset,
    };
    root.querySelectorAll("[data-draw-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        ACTIONS[button.getAttribute("data-draw-action")]();
      });
    });
    root.querySelectorAll("[data-draw-controls]").forEach(function (element) {
      element.hidden = false;
    });

    // Panning: drag with the mouse, a finger or a pen (two fingers pinch to zoom); the arrow
    // keys pan when not drawing. A drag is not a click: it adds no corner.
    var pointers = {};
    var drag = null;
    var dragged = false;
    var DRAG_PIXELS = 5;

    function pinch() {
      var ids = Object.keys(pointers);
      if (ids.length !== 2) {
        return null;
      }
      var a = pointers[ids[0]], b = pointers[ids[1]];
      return {
        distance: Math.hypot(a.x - b.x, a.y - b.y) || 1,
        centre: toUser((a.x + b.x) / 2, (a.y + b.y) / 2),
      };
    }

    svg.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) {
        return;
      }
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      if (svg.setPointerCapture) {
        try { svg.setPointerCapture(event.pointerId); } catch (e) { /* not capturable */ }
      }
      var view = svg.viewBox.baseVal;
      drag = { x: event.clientX, y: event.clientY, view: [view.x, view.y], moved: false, pinch: pinch() };
      dragged = false;
    });

    svg.addEventListener("pointermove", function (event) {
      if (!drag || !pointers[event.pointerId]) {
        return;
      }
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      var now = pinch();
      if (now && drag.pinch) {
        zoom(now.distance / drag.pinch.distance, drag.pinch.centre);
        drag.pinch = now;
        drag.moved = true;
        return;
      }
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < DRAG_PIXELS) {
        return;
      }
      drag.moved = true;
      root.classList.add("permits-draw--panning");
      var u = unit(), view = svg.viewBox.baseVal;
      setView(drag.view[0] - dx * u, drag.view[1] - dy * u, view.width, view.height);
    });

    function release(event) {
      delete pointers[event.pointerId];
      if (drag && drag.moved) {
        dragged = true; // the click that ends a drag adds no corner
      }
      if (Object.keys(pointers).length === 0) {
        drag = null;
        root.classList.remove("permits-draw--panning");
      } else if (drag) {
        var view = svg.viewBox.baseVal, rest = pointers[Object.keys(pointers)[0]];
        drag = { x: rest.x, y: rest.y, view: [view.x, view.y], moved: true, pinch: null };
      }
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);

    svg.addEventListener("wheel", function (event) {
      if (!event.deltaY) {
        return;
      }
      event.preventDefault();
      zoom(event.deltaY < 0 ? ZOOM : 1 / ZOOM, toUser(event.clientX, event.clientY));
    }, { passive: false });

    svg.addEventListener("click", function (event) {
      if (dragged) {
        dragged = false;
        return;
      }
      if (!state.drawing) {
        return;
      }
      var user = toUser(event.clientX, event.clientY);
      add(user[0], user[1]);
    });

    var MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    var ZOOM_KEYS = { "+": ZOOM, "=": ZOOM, "-": 1 / ZOOM, _: 1 / ZOOM };
    svg.addEventListener("keydown", function (event) {
      var move = MOVES[event.key];
      if (ZOOM_KEYS[event.key]) {
        zoom(ZOOM_KEYS[event.key]);
      } else if (event.key === "0" || event.key === "Home") {
        reset();
      } else if (!state.drawing) {
        if (!move) {
          return;
        }
        var view = svg.viewBox.baseVal, share = event.shiftKey ? 0.5 : 0.1;
        pan(move[0] * view.width * share, move[1] * view.height * share);
      } else if (move) {
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
