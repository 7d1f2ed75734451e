/* The pain score (VAS 0-100) control, as an enhancement of the plain number box.
 *
 * Without JavaScript the number box is the whole control. With it, a slider with
 * labelled ends and step buttons are added, all kept in step with the box:
 * - no value is shown until the patient chooses one (a default would anchor them);
 * - nothing needs dragging (WCAG 2.2, 2.5.7): a tap on the line, the buttons or
 *   typing all work, and so does the keyboard (arrows, Home, End, Page Up/Down);
 * - only the number box has a name, so only it is sent.
 */
"use strict";

(function () {
  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text) { element.textContent = text; }
    return element;
  }

  function enhance(wrapper) {
    var input = wrapper.querySelector("input");
    if (!input) { return; }
    var labels = wrapper.dataset;
    var min = parseInt(labels.min, 10);
    var max = parseInt(labels.max, 10);
    var unset = true;

    var control = make("div", "app-vas__control");
    var ends = make("div", "app-vas__ends");
    var low = make("span", "app-vas__end", "0 " + labels.labelLow);
    var high = make("span", "app-vas__end", max + " " + labels.labelHigh);
    low.id = input.id + "-low";
    high.id = input.id + "-high";
    ends.appendChild(low);
    ends.appendChild(high);

    var slider = make("input", "app-vas__slider app-vas__slider--unset");
    slider.type = "range";
    slider.min = String(min);
    slider.max = String(max);
    slider.step = "1";
    slider.value = String(min);
    slider.id = input.id + "-slider";
    slider.setAttribute("aria-label", labels.labelSlider);
    slider.setAttribute("aria-describedby", low.id + " " + high.id);
    slider.setAttribute("aria-valuetext", labels.labelUnset);

    var status = make("p", "nhsuk-u-visually-hidden");
    status.setAttribute("aria-live", "polite");

    function clamp(value) { return Math.max(min, Math.min(max, value)); }

    function current() {
      var text = input.value.trim();
      return /^\d+$/.test(text) ? parseInt(text, 10) : null;
    }

    function show(value, announce) {
      unset = false;
      input.value = String(value);
      slider.value = String(value);
      slider.setAttribute("aria-valuetext", String(value));
      slider.classList.remove("app-vas__slider--unset");
      if (announce) { status.textContent = labels.labelStatus.replace("{score}", String(value)); }
    }

    function clear() {
      unset = true;
      slider.value = String(min);
      slider.setAttribute("aria-valuetext", labels.labelUnset);
      slider.classList.add("app-vas__slider--unset");
    }

    var buttons = make("div", "app-vas__buttons");
    [[-10, "\u221210", labels.labelDown10], [-1, "\u22121", labels.labelDown],
     [1, "+1", labels.labelUp], [10, "+10", labels.labelUp10]].forEach(function (step) {
      var button = make("button", "nhsuk-button nhsuk-button--secondary app-vas__step", step[1]);
      button.type = "button";
      // The name starts with what is shown (WCAG 2.5.3) and says what it does.
      button.appendChild(make("span", "nhsuk-u-visually-hidden", " (" + step[2] + ")"));
      button.addEventListener("click", function () {
        var value = current();
        show(clamp((value === null ? min : value) + step[0]), true);
      });
      buttons.appendChild(button);
    });

    slider.addEventListener("input", function () { show(parseInt(slider.value, 10), false); });
    slider.addEventListener("keydown", function (event) {
      if (!unset) { return; }
      // From "not chosen" the keys start at 0, never at the middle of the line.
      var start = { ArrowRight: min + 1, ArrowUp: min + 1, ArrowLeft: min, ArrowDown: min,
                    Home: min, End: max, PageUp: min + 10, PageDown: min }[event.key];
      if (start === undefined) { return; }
      event.preventDefault();
      show(clamp(start), false);
    });
    input.addEventListener("input", function () {
      var value = current();
      if (value !== null && value >= min && value <= max) { show(value, false); } else { clear(); }
    });

    control.appendChild(ends);
    control.appendChild(slider);
    control.appendChild(buttons);
    control.appendChild(status);
    input.parentNode.insertBefore(control, input.nextSibling);
    var initial = current();
    if (initial !== null && initial >= min && initial <= max) { show(initial, false); }
    wrapper.classList.add("app-vas--enhanced");
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-vas]"), enhance);
})();
