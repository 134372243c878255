extension EmulatorConfiguration {
    /// The create as validated, or a 422 for the first field the template does not have.
    func templateAccepts(_ command: CreateCommand) -> Result<CreateCommand, APIError> {
        guard !refusedFields.isEmpty, let refused = command.fields.first(where: { refusedFields.contains($0.key) }) else {
            return .success(command)
        }
        return .failure(.unprocessable(
            "fields.\(refused.key) is not a field of the inquiry template", pointer: "/data/attributes/fields/\(refused.key)"))
    }
}
