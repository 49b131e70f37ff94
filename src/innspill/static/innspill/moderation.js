// After htmx replaces a moderation item, put the keyboard where the work goes on: on the next
// waiting input after a decision, on the first field of a confirmation.
document.addEventListener("htmx:afterSettle", () => {
  for (const el of document.querySelectorAll("[data-focus]")) {
    const how = el.dataset.focus;
    el.removeAttribute("data-focus");
    let target = el;
    if (how === "next") {
      let next = el.nextElementSibling;
      while (next && next.hasAttribute("data-done")) next = next.nextElementSibling;
      target = (next && next.querySelector("h2")) || el;
    } else if (how === "field") {
      target = el.querySelector("input:not([type=hidden]), textarea, button") || el;
    }
    target.focus();
  }
});
