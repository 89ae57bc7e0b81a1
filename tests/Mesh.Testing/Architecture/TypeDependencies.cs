using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Mesh.Testing.Architecture;

/// <summary>
/// Every type a type names, as the compiler emitted it: signatures, attributes and the operands of each method body,
/// with its nested types (closures, async state machines, iterators) counted as part of it. Reading IL rather than
/// source is the point: a lambda or an <c>await</c> that reaches another folder is a dependency even though no
/// <c>using</c> says so.
/// </summary>
internal sealed class TypeDependencies
{
    private readonly HashSet<TypeReference> _found = new(ReferenceEqualityComparer.Instance);

    private TypeDependencies()
    {
    }

    /// <summary>The types <paramref name="type"/> and its nested types name, unwrapped to their element and generic argument types.</summary>
    public static IEnumerable<TypeReference> Of(TypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var dependencies = new TypeDependencies();
        dependencies.VisitType(type);
        return dependencies._found;
    }

    private void VisitType(TypeDefinition type)
    {
        VisitAttributes(type);
        VisitGenericParameters(type);
        AddType(type.BaseType);
        foreach (var implemented in type.Interfaces)
        {
            VisitAttributes(implemented);
            AddType(implemented.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            VisitAttributes(field);
            AddType(field.FieldType);
        }

        foreach (var property in type.Properties)
        {
            VisitAttributes(property);
            AddType(property.PropertyType);
            VisitParameters(property.Parameters);
        }

        foreach (var @event in type.Events)
        {
            VisitAttributes(@event);
            AddType(@event.EventType);
        }

        foreach (var method in type.Methods)
        {
            VisitMethod(method);
        }

        foreach (var nested in type.NestedTypes)
        {
            VisitType(nested);
        }
    }

    private void VisitMethod(MethodDefinition method)
    {
        VisitAttributes(method);
        VisitAttributes(method.MethodReturnType);
        VisitGenericParameters(method);
        AddType(method.ReturnType);
        VisitParameters(method.Parameters);
        foreach (var overridden in method.Overrides)
        {
            AddMethod(overridden);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var variable in method.Body.Variables)
        {
            AddType(variable.VariableType);
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            AddType(handler.CatchType);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            AddOperand(instruction);
        }
    }

    private void AddOperand(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                AddType(type);
                break;
            case MethodReference method:
                AddMethod(method);
                break;
            case FieldReference field:
                AddType(field.DeclaringType);
                AddType(field.FieldType);
                break;
            case CallSite callSite:
                AddType(callSite.ReturnType);
                VisitParameters(callSite.Parameters);
                break;
        }
    }

    private void AddMethod(MethodReference method)
    {
        AddType(method.DeclaringType);
        AddType(method.ReturnType);
        VisitParameters(method.Parameters);
        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                AddType(argument);
            }
        }
    }

    private void VisitParameters(IEnumerable<ParameterDefinition> parameters)
    {
        foreach (var parameter in parameters)
        {
            VisitAttributes(parameter);
            AddType(parameter.ParameterType);
        }
    }

    private void VisitGenericParameters(IGenericParameterProvider provider)
    {
        foreach (var parameter in provider.GenericParameters)
        {
            VisitAttributes(parameter);
            foreach (var constraint in parameter.Constraints)
            {
                VisitAttributes(constraint);
                AddType(constraint.ConstraintType);
            }
        }
    }

    private void VisitAttributes(ICustomAttributeProvider provider)
    {
        if (!provider.HasCustomAttributes)
        {
            return;
        }

        foreach (var attribute in provider.CustomAttributes)
        {
            AddMethod(attribute.Constructor);
            foreach (var argument in attribute.ConstructorArguments)
            {
                AddArgument(argument);
            }

            foreach (var named in attribute.Fields.Concat(attribute.Properties))
            {
                AddArgument(named.Argument);
            }
        }
    }

    // typeof(...) in an attribute ([JsonSerializable(typeof(X))]) arrives as a TypeReference value; arrays and
    // object-typed arguments wrap further arguments.
    private void AddArgument(CustomAttributeArgument argument)
    {
        AddType(argument.Type);
        switch (argument.Value)
        {
            case TypeReference type:
                AddType(type);
                break;
            case CustomAttributeArgument boxed:
                AddArgument(boxed);
                break;
            case CustomAttributeArgument[] elements:
                foreach (var element in elements)
                {
                    AddArgument(element);
                }

                break;
        }
    }

    private void AddType(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                AddType(generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    AddType(argument);
                }

                return;
            case FunctionPointerType pointer:
                AddType(pointer.ReturnType);
                VisitParameters(pointer.Parameters);
                return;
            case IModifierType modified:
                AddType(modified.ModifierType);
                AddType(modified.ElementType);
                return;
            case TypeSpecification specification:
                AddType(specification.ElementType);
                return;
            default:
                _found.Add(type);
                return;
        }
    }
}
