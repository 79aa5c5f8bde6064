using System.Text.Json;
using System.Text.Json.Serialization;
using OneStop.Definitions;

namespace OneStop.Engine.Serialization;

/// <summary>Reads and writes a <see cref="TimeAmount"/> as <c>{"value":20,"unit":"Workdays"}</c>, the shape every
/// stored event and snapshot has. The generated metadata alone wrote that shape but could not read it back:
/// <see cref="TimeAmount"/>'s properties are get-only and a struct is built through its parameterless constructor, so
/// every limit read from the store came back as 0 of the first unit.</summary>
internal sealed class TimeAmountJsonConverter : JsonConverter<TimeAmount>
{
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText UnitName = JsonEncodedText.Encode("unit");

    public override TimeAmount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A time amount must be an object.");
        int? value = null;
        TimeUnit? unit = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("A time amount must be an object.");
            var isValue = reader.ValueTextEquals(ValueName.EncodedUtf8Bytes);
            var isUnit = !isValue && reader.ValueTextEquals(UnitName.EncodedUtf8Bytes);
            reader.Read();
            if (isValue) value = reader.GetInt32();
            else if (isUnit) unit = ReadUnit(ref reader);
            else reader.Skip();
        }
        if (value is null || unit is null) throw new JsonException("A time amount needs both a value and a unit.");
        return new TimeAmount(value.Value, unit.Value);
    }

    // As the string enum converter reads: a name, or the number of a value without one.
    private static TimeUnit ReadUnit(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? (TimeUnit)reader.GetInt32()
        : Enum.TryParse<TimeUnit>(reader.GetString(), ignoreCase: false, out var unit) && Enum.IsDefined(unit) ? unit
        : throw new JsonException($"'{reader.GetString()}' is not a time unit.");

    public override void Write(Utf8JsonWriter writer, TimeAmount amount, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(ValueName, amount.Value);
        // As the string enum converter writes: the name, or the number of a value without one.
        if (Enum.IsDefined(amount.Unit)) writer.WriteString(UnitName, EnumText<TimeUnit>.Of(amount.Unit));
        else writer.WriteNumber(UnitName, (int)amount.Unit);
        writer.WriteEndObject();
    }
}
