/* A hold timer and repetition counter for "Today's exercises". Progressive
   enhancement: the page says how much to do without it. The words come from
   the page (data-text, already translated), so this file holds no English. */
"use strict";

(function () {
  var REST_SECONDS = 5;

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, secondary) {
    var node = el("button", "nhsuk-button nhsuk-u-margin-right-3" + (secondary ? " nhsuk-button--secondary" : ""), label);
    node.type = "button";
    return node;
  }

  function parts(text, title) {
    // The display changes every second, so screen readers hear the status line instead.
    var display = el("p", "app-timer__display");
    display.setAttribute("aria-hidden", "true");
    var status = el("p", "app-timer__status");
    status.setAttribute("role", "status");
    return { heading: el("h3", null, title), display: display, status: status };
  }

  // Holds: count down each hold, rest, then the next, for the number of holds planned.
  function holdTimer(box, text, seconds, total) {
    var ui = parts(text, text.holdTitle);
    var start = button(say(text.startHold, { n: 1, total: total }));
    var reset = button(text.reset, true);
    var hold = 0;
    var ticking = null;

    function show(left) { ui.display.textContent = say(text.seconds, { seconds: left }); }
    function stop() { if (ticking) { clearInterval(ticking); ticking = null; } }
    function run(left, onDone) {
      stop();
      show(left);
      ticking = setInterval(function () {
        left -= 1;
        show(left);
        if (left === 10 && seconds > 15) ui.status.textContent = text.tenLeft;
        if (left <= 0) { stop(); onDone(); }
      }, 1000);
    }

    start.addEventListener("click", function () {
      hold += 1;
      start.disabled = true;
      ui.status.textContent = say(text.holding, { n: hold, total: total, seconds: seconds });
      run(seconds, function () {
        if (hold >= total) {
          ui.status.textContent = say(text.allHolds, { total: total });
          start.hidden = true;
          return;
        }
        ui.status.textContent = say(text.rest, { n: hold, total: total, seconds: REST_SECONDS });
        run(REST_SECONDS, function () {
          start.textContent = say(text.startHold, { n: hold + 1, total: total });
          start.disabled = false;
          show(seconds);
          ui.status.textContent = say(text.ready, { n: hold + 1, total: total });
        });
      });
    });
    reset.addEventListener("click", function () {
      stop();
      hold = 0;
      start.hidden = false;
      start.disabled = false;
      start.textContent = say(text.startHold, { n: 1, total: total });
      show(seconds);
      ui.status.textContent = "";
    });
    show(seconds);
    box.append(ui.heading, ui.display, ui.status, start, reset);
  }

  // Repetitions: a counter tapped once per repetition, set by set.
  function repCounter(box, text, reps, total) {
    var ui = parts(text, text.repsTitle);
    var count = button(text.count);
    var reset = button(text.reset, true);
    var done = 0;
    var set = 1;

    function show() { ui.display.textContent = say(text.counted, { n: done, reps: reps }); }

    count.addEventListener("click", function () {
      done += 1;
      show();
      if (done < reps) { ui.status.textContent = say(text.counted, { n: done, reps: reps }); return; }
      if (set >= total) {
        ui.status.textContent = text.allDone;
        count.hidden = true;
        return;
      }
      ui.status.textContent = say(text.setDone, { n: set, total: total });
      set += 1;
      done = 0;
    });
    reset.addEventListener("click", function () {
      done = 0;
      set = 1;
      count.hidden = false;
      show();
      ui.status.textContent = "";
    });
    show();
    box.append(ui.heading, ui.display, ui.status, count, reset);
  }

  document.querySelectorAll("[data-exercise-timer]").forEach(function (box) {
    try {
      var text = JSON.parse(box.getAttribute("data-text"));
      var hold = parseInt(box.getAttribute("data-hold"), 10);
      var reps = parseInt(box.getAttribute("data-reps"), 10);
      var sets = parseInt(box.getAttribute("data-sets"), 10) || 1;
      if (hold > 0) {
        holdTimer(box, text, hold, sets);
      } else if (reps > 1) {
        repCounter(box, text, reps, sets);
      } else {
        return; // one go (a walk): nothing to time or count
      }
      box.hidden = false;
    } catch (error) {
      /* leave the page as it was */
    }
  });
})();
