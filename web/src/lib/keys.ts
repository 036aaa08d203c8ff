/** A control that takes typed text: its keys are the user's text, not shortcuts. A checkbox is not one. */
export const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLInputElement &&
      !/^(checkbox|radio|button|submit|reset|color|range|file|image)$/.test(el.type)));
