namespace OneStop.Definitions;

/// <summary>Type of a form field (一表制).</summary>
public enum FieldType { /** <summary>Text.</summary> */ String, /** <summary>Integer.</summary> */ Int, /** <summary>Decimal.</summary> */ Decimal, /** <summary>Yes/no.</summary> */ Bool, /** <summary>Date.</summary> */ Date, /** <summary>One of fixed options.</summary> */ Choice, /** <summary>List of strings.</summary> */ List }
