// Progressive niceties for the reading room. Everything works without this file:
// claims carry their source chain in a title attribute and in <details> below the text.
// No innerHTML anywhere: page text is only ever moved around as DOM nodes (cloneNode).
"use strict";

(function () {
  let popover = null;

  function closePopover() {
    if (popover) {
      popover.hidden = true;
    }
  }

  function showClaim(span) {
    const target = document.getElementById(span.dataset.claim || "");
    const layer = document.getElementById("layer-claims");
    if (!target || (layer && !layer.checked)) {
      return;  // claims switched off: the text reads as plain text
    }
    target.open = true;
    const fold = target.parentElement ? target.parentElement.closest("details") : null;
    if (fold) {
      fold.open = true;
    }
    document.querySelectorAll("details.open-target").forEach((d) => d.classList.remove("open-target"));
    target.classList.add("open-target");
    const body = target.querySelector(".claim-body");
    if (!popover) {
      popover = document.createElement("div");
      popover.className = "popover";
      popover.setAttribute("role", "dialog");
      document.body.appendChild(popover);
    }
    popover.replaceChildren();
    if (body) {
      popover.appendChild(body.cloneNode(true));
    }
    popover.hidden = false;
    // Right-to-left page: align the popover's right edge with the claim's, kept on screen.
    const r = span.getBoundingClientRect();
    const width = popover.offsetWidth;
    const rtl = getComputedStyle(span).direction === "rtl";
    let left = rtl ? r.right - width : r.left;
    left = Math.min(Math.max(8, left), document.documentElement.clientWidth - width - 8);
    popover.style.top = `${window.scrollY + r.bottom + 6}px`;
    popover.style.left = `${window.scrollX + left}px`;
  }

  document.addEventListener("click", (ev) => {
    const span = ev.target instanceof Element ? ev.target.closest(".claim[data-claim]") : null;
    if (span && !(ev.target instanceof Element && ev.target.closest("a"))) {
      ev.preventDefault();
      showClaim(span);
      return;
    }
    if (popover && !(ev.target instanceof Node && popover.contains(ev.target))) {
      closePopover();
    }
  });

  // The article page's layer switches work by CSS alone; this only remembers them across pages.
  const LAYER_KEY = "marsad-layer-";
  function restoreLayers() {
    document.querySelectorAll("fieldset.layers input[type=checkbox]").forEach((box) => {
      let saved = null;
      try {
        saved = window.localStorage.getItem(LAYER_KEY + box.id);
      } catch (e) {
        saved = null;  // storage refused (private mode): the switches still work, unremembered
      }
      if (saved === "off") {
        box.checked = false;
      }
      box.addEventListener("change", () => {
        try {
          window.localStorage.setItem(LAYER_KEY + box.id, box.checked ? "on" : "off");
        } catch (e) {
          // nothing to do: see above
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreLayers);
  } else {
    restoreLayers();
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      closePopover();
    } else if (ev.key === "Enter" && document.activeElement instanceof HTMLElement &&
               document.activeElement.matches(".claim[data-claim]")) {
      showClaim(document.activeElement);
    }
  });
})();
