using System.Reflection;
using System.Runtime.CompilerServices;
using OneStop.Testing;
using System.Text;

namespace OneStop.Cli.Tests.PublicApi;

/// <summary>Locks the public surface of each package: any API change shows up as a diff of the approved file.
/// Regenerate deliberately with ONESTOP_UPDATE_APPROVED=1.</summary>
public class PublicApiTests
{
    public static TheoryData<string> Packages => new() { "OneStop.Definitions", "OneStop.Engine", "OneStop.Adapters.Sqlite" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_MatchesApprovedFile(string assemblyName)
    {
        var actual = Dump(Assembly.Load(assemblyName));
        var file = Path.Combine(SourceDirectory(), assemblyName + ".approved.txt");
        if (Environment.GetEnvironmentVariable("ONESTOP_UPDATE_APPROVED") == "1") File.WriteAllText(file, actual);
        Assert.True(File.Exists(file), $"{file} is missing; run the tests once with ONESTOP_UPDATE_APPROVED=1 and review it.");
        Assert.Equal(File.ReadAllText(file), actual);
    }

    [Fact]
    public void Dump_ListsPublicMembersOnly()
    {
        var text = Dump(typeof(PublicApiTests).Assembly);
        Assert.Contains("class OneStop.Cli.Tests.PublicApi.PublicApiTests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SourceDirectory", text, StringComparison.Ordinal);
    }

    private static string Dump(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(Kind(type)).Append(' ').Append(Name(type));
            var bases = new List<string>();
            if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum)) bases.Add(Name(b));
            bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
            if (bases.Count > 0) sb.Append(" : ").Append(string.Join(", ", bases));
            sb.Append('\n');
            if (type.IsEnum)
            {
                foreach (var n in Enum.GetNames(type)) sb.Append("  ").Append(n).Append('\n');
                continue;
            }
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !IsCompilerGenerated(m))
                .Select(Member)
                .Order(StringComparer.Ordinal);
            foreach (var m in members) sb.Append("  ").Append(m).Append('\n');
        }
        return sb.ToString();
    }

    private static bool IsCompilerGenerated(MemberInfo m) =>
        m.GetCustomAttribute<CompilerGeneratedAttribute>() is not null || m.Name is "<Clone>$" or "EqualityContract";

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";

    private static string Member(MemberInfo m) => m switch
    {
        ConstructorInfo c => $"ctor({Params(c.GetParameters())})",
        MethodInfo mi => $"{(mi.IsStatic ? "static " : "")}{Name(mi.ReturnType)} {mi.Name}{Generic(mi)}({Params(mi.GetParameters())})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {Accessors(p)}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        Type nested => $"nested {Name(nested)}",
        _ => m.ToString() ?? m.Name,
    };

    private static string Accessors(PropertyInfo p)
    {
        var s = p.GetMethod?.IsPublic == true ? "get; " : "";
        if (p.SetMethod?.IsPublic == true)
        {
            var initOnly = p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit");
            s += initOnly ? "init; " : "set; ";
        }
        return s;
    }

    private static string Generic(MethodInfo m) => m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(Name)) + ">" : "";

    private static string Params(ParameterInfo[] ps) => string.Join(", ", ps.Select(p => Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsByRef) return "ref " + Name(t.GetElementType()!);
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        var name = (t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : t.Namespace + "." + t.Name);
        if (!t.IsGenericType) return name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
    }

    private static string SourceDirectory() => Path.Combine(RepoPaths.Root, "tests", "OneStop.Cli.Tests", "PublicApi");
}
