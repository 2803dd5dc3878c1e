// SpreadsheetApp.newDataValidation() and the DataValidation it builds: the dropdown and checkbox
// rules (requireValueInList, requireCheckbox), setAllowInvalid and setHelpText, as the
// DataValidationBuilder reference describes them. Other criteria are not emulated.

import type { CountCall } from "../../runtime/host";
import type { DataValidationRecord } from "./cell-formats";
import { gasException, signatureMismatch } from "../../runtime/exception";
import { countedMethods } from "../../runtime/counted";

export const DATA_VALIDATION_CRITERIA = {
  VALUE_IN_LIST: "VALUE_IN_LIST",
  CHECKBOX: "CHECKBOX",
} as const;

/** A built rule: what Range.setDataValidation takes and getDataValidation returns. */
export class DataValidation {
  readonly #count: CountCall;
  constructor(
    count: CountCall,
    readonly record: DataValidationRecord,
  ) {
    this.#count = count;
  }

  getCriteriaType(): string {
    return this.record.criteria;
  }

  /** For VALUE_IN_LIST: [values, showDropdown], as Apps Script returns them. */
  getCriteriaValues(): unknown[] {
    return this.record.criteria === "VALUE_IN_LIST"
      ? [[...this.record.values], this.record.showDropdown]
      : [];
  }

  getAllowInvalid(): boolean {
    return this.record.allowInvalid;
  }

  getHelpText(): string | null {
    return this.record.helpText;
  }

  toString(): string {
    return "DataValidation";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#count(name),
      typeName: "DataValidation",
    }));
  }
}

export class DataValidationBuilder {
  readonly #count: CountCall;
  #record: DataValidationRecord | null = null;
  #allowInvalid = true;
  #helpText: string | null = null;

  constructor(count: CountCall) {
    this.#count = count;
  }

  requireValueInList(values: unknown, showDropdown: unknown = true): DataValidationBuilder {
    if (!Array.isArray(values) || typeof showDropdown !== "boolean") {
      throw signatureMismatch("SpreadsheetApp.DataValidationBuilder.requireValueInList", [
        values,
        showDropdown,
      ]);
    }
    // Sheets refuses an empty list when the rule is applied: "The data validation rule argument
    // ... is invalid"; here it is refused at build time, where the script can see why.
    this.#record = {
      criteria: "VALUE_IN_LIST",
      values: values.map(String),
      showDropdown,
      allowInvalid: true,
      helpText: null,
    };
    return this;
  }

  requireCheckbox(): DataValidationBuilder {
    this.#record = {
      criteria: "CHECKBOX",
      values: [],
      showDropdown: false,
      allowInvalid: true,
      helpText: null,
    };
    return this;
  }

  setAllowInvalid(allowInvalid: unknown): DataValidationBuilder {
    if (typeof allowInvalid !== "boolean") {
      throw signatureMismatch("SpreadsheetApp.DataValidationBuilder.setAllowInvalid", [
        allowInvalid,
      ]);
    }
    this.#allowInvalid = allowInvalid;
    return this;
  }

  setHelpText(helpText: unknown): DataValidationBuilder {
    this.#helpText = String(helpText);
    return this;
  }

  build(): DataValidation {
    if (this.#record === null) throw gasException("The data validation rule has no criteria.");
    if (this.#record.criteria === "VALUE_IN_LIST" && this.#record.values.length === 0) {
      throw gasException('The data validation rule argument "=" is invalid.');
    }
    return new DataValidation(this.#count, {
      ...this.#record,
      allowInvalid: this.#allowInvalid,
      helpText: this.#helpText,
    });
  }

  toString(): string {
    return "DataValidationBuilder";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#count(name),
      typeName: "DataValidationBuilder",
    }));
  }
}
