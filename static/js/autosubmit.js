// Submits a filter form as soon as a control marked data-autosubmit changes,
// so the "Show ended interviews" checkbox works without a separate button.
document.querySelectorAll("[data-autosubmit]").forEach((control) => {
  control.addEventListener("change", () => control.form.submit());
});
