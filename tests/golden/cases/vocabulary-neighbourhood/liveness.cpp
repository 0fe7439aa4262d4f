/* As LLVM asks whether a register is live: the search is bounded by a
 * neighbourhood of instructions, a count. */
class MachineBlock {
public:
	int computeRegisterLiveness(unsigned Reg, unsigned Neighborhood = 10) const;
};
