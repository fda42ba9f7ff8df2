package dev.linebase.cli;

import dev.linebase.io.Durability;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --durability} with {@link Durability#parse}; a bad value is a usage error. */
final class DurabilityConverter implements ITypeConverter<Durability> {
  @Override
  public Durability convert(String value) {
    try {
      return Durability.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
