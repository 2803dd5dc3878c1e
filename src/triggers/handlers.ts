// The names of the functions triggers call: the top-level functions of src/main.ts, so a rename
// here is a change of the public contract.
export const HANDLE_EDIT = "handleEdit";
export const HANDLE_CHANGE = "handleChange";
export const HANDLE_FORM_SUBMIT = "handleFormSubmit";
export const RUN_DIGESTS = "runDigests";
export const DELIVER_OUTBOX = "deliverOutbox";
